// The TDD phase of a project on disk: `phase` in .otp-advisor.json when set, else the last `mix test` run
// as Mix recorded it (ExUnit's failures manifest under _build), with the files edited since, else GREEN.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { decidePhase } from '../analysis/phase-detection/detect';
import { isInTestFolder } from '../analysis/project-paths';
import type { Phase } from '../analysis/phases';
import { relativePosix, scan } from '../analysis/workspace';
import { decodeTerm, type ErlTerm } from './erlang-term';

export interface RecordedRun {
  /** When the run ended: the manifest's modification time (epoch ms). */
  at: number;
  failures: number;
  /** The failing tests, as ExUnit keeps them for `mix test --failed`. */
  failing: { module: string; test: string; file?: string }[];
  /** Project-relative manifests read (one per app in an umbrella). */
  manifests: string[];
}

export interface PhaseInfo {
  phase: Phase;
  /** `editor`: the language server's, as its client set it. */
  source: 'config' | 'mix-test' | 'default' | 'editor';
  /** One sentence: where the phase comes from. */
  reason: string;
  run?: RecordedRun;
  editedSince?: { tests: string[]; lib: string[] };
}

const MANIFEST = '.mix_test_failures';

const atom = (t: ErlTerm | undefined) => (t && typeof t === 'object' && !Array.isArray(t) && 'atom' in t ? t.atom : undefined);

/** `{1, %{{TestModule, :"test name"} => file}}`; undefined for a version or shape this does not know. */
function readFailuresManifest(bytes: Uint8Array): RecordedRun['failing'] | undefined {
  let term: ErlTerm;
  try {
    term = decodeTerm(bytes);
  } catch {
    return undefined;
  }
  if (!term || typeof term !== 'object' || Array.isArray(term) || !('tuple' in term) || term.tuple[0] !== 1) return undefined;
  const map = term.tuple[1];
  if (!map || typeof map !== 'object' || Array.isArray(map) || !('map' in map)) return undefined;
  return map.map.map(([key, file]) => {
    const parts = key && typeof key === 'object' && !Array.isArray(key) && 'tuple' in key ? key.tuple : [];
    return {
      module: (atom(parts[0]) ?? '?').replace(/^Elixir\./, ''),
      test: atom(parts[1]) ?? '?',
      ...(typeof file === 'string' ? { file } : {}),
    };
  });
}

/** Every app's failures manifest under `_build/test/lib/*\/.mix/`, summed; undefined when no run was recorded. */
async function readRecordedRun(root: string): Promise<RecordedRun | undefined> {
  const lib = join(root, '_build', 'test', 'lib');
  const apps = await fs.readdir(lib).catch(() => [] as string[]);
  let run: RecordedRun | undefined;
  for (const app of apps) {
    const file = join(lib, app, '.mix', MANIFEST);
    const [bytes, stat] = await Promise.all([fs.readFile(file).catch(() => undefined), fs.stat(file).catch(() => undefined)]);
    if (!bytes || !stat) continue;
    const failing = readFailuresManifest(bytes);
    if (!failing) continue;
    run ??= { at: 0, failures: 0, failing: [], manifests: [] };
    run.at = Math.max(run.at, stat.mtimeMs);
    run.failures += failing.length;
    run.failing.push(...failing);
    run.manifests.push(relativePosix(root, file));
  }
  return run;
}

/** Test and lib files changed after `since` (project-relative). */
async function editedSince(root: string, since: number): Promise<{ tests: string[]; lib: string[] }> {
  const { files } = await scan(root);
  const out = { tests: [] as string[], lib: [] as string[] };
  for (const abs of files) {
    const stat = await fs.stat(abs).catch(() => undefined);
    if (!stat || stat.mtimeMs <= since) continue;
    const rel = relativePosix(root, abs);
    if (isInTestFolder(rel)) out.tests.push(rel);
    else if (/^(?:apps\/[^/]+\/)?lib\//.test(rel)) out.lib.push(rel);
  }
  return out;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export async function currentPhase(root: string, configPhase: Phase | undefined): Promise<PhaseInfo> {
  const run = await readRecordedRun(root);
  if (configPhase) {
    return { phase: configPhase, source: 'config', reason: `set to ${configPhase} by "phase" in .otp-advisor.json`, ...(run ? { run } : {}) };
  }
  if (!run) return { phase: 'green', source: 'default', reason: 'no `mix test` run recorded under _build/test and no "phase" in .otp-advisor.json: GREEN by default' };
  const edited = await editedSince(root, run.at);
  // The same state machine as the editor's auto phase; the manifest holds no test count, so `tests` is unknown here.
  const { phase } = decidePhase(
    {
      lastRun: { result: { tests: 0, failures: run.failures, compileError: false, noTests: false }, at: run.at },
      editedSince: { tests: edited.tests.length > 0, lib: edited.lib.length > 0 },
    },
    'auto',
  );
  const when = new Date(run.at).toISOString();
  const head = run.failures ? `the last \`mix test\` (${when}) had ${plural(run.failures, 'failure')}` : `the last \`mix test\` (${when}) passed`;
  const since = !run.failures
    ? ''
    : edited.tests.length
      ? `, test files edited since (${edited.tests.slice(0, 3).join(', ')}${edited.tests.length > 3 ? ', …' : ''})`
      : edited.lib.length
        ? ', lib files edited since'
        : ', nothing edited since';
  return { phase, source: 'mix-test', reason: `${head}${since}`, run, editedSince: edited };
}
