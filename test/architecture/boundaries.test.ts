// The boundary checker (dependency-cruiser with .dependency-cruiser.cjs, run by `npm test`) run as a process
// on a small tree shaped like src/: each forbidden import fails it with the rule that names it, and the
// arrows docs/architecture.md allows pass.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli';

const CHECKER = join(REPO, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');

/** Files every tree has: one module per part, importing nothing. */
const BASE: Record<string, string> = {
  'src/analysis/phases.ts': 'export const PHASES = 1;\n',
  'src/analysis/other.ts': 'export const OTHER = 1;\n',
  'src/advisor/ask.ts': "import { PHASES } from '../analysis/phases';\nexport const ASK = PHASES;\n",
  'src/mcp/tools.ts': "import { ASK } from '../advisor/ask';\nexport const TOOLS = ASK;\n",
  'src/server/protocol.ts': 'export const SOURCE = 1;\n',
  'src/server/server.ts': "import { TOOLS } from '../mcp/tools';\nexport const SERVER = TOOLS;\n",
  'src/cli/main.ts': "import { SERVER } from '../server/server';\nexport const MAIN = SERVER;\n",
  'src/webview/protocol.ts': 'export type ToHost = { type: string };\n',
  'src/webview/html.ts': 'export const HTML = 1;\n',
  'src/webview/app.ts': "import type { ToHost } from './protocol';\nexport const APP: ToHost = { type: 'ready' };\n",
  'src/extension/extension.ts':
    "import type { Uri } from 'vscode';\nimport { SOURCE } from '../server/protocol';\nimport { HTML } from '../webview/html';\nimport type { ToHost } from '../webview/protocol';\nexport type U = Uri | ToHost;\nexport const X = SOURCE + HTML;\n",
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/**
 * Runs the checker as `npm test` does (its default `err` output) on BASE plus `extra`: the exit code, and
 * the rules broken by each importing file.
 */
function check(extra: Record<string, string>): { status: number | null; broken: Record<string, string[]> } {
  const dir = mkdtempSync(join(tmpdir(), 'otp-boundaries-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries({ ...BASE, ...extra })) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'preserve', moduleResolution: 'bundler', strict: true }, include: ['src'] }));
  // The repository's packages, so `vscode` resolves to its types as it does in src/.
  symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'), 'dir');
  const run = spawnSync(process.execPath, [CHECKER, 'src', '--config', join(REPO, '.dependency-cruiser.cjs')], { cwd: dir, encoding: 'utf8' });
  const broken: Record<string, string[]> = {};
  for (const [, rule, from] of run.stdout.matchAll(/^\s*error (\S+): (\S+) →/gm)) broken[from] = [...(broken[from] ?? []), rule].sort();
  return { status: run.status, broken };
}

/** One probe per "never": the file that imports across the line, and the rules that must name it. */
const PROBES: { never: string; files: Record<string, string>; broken: Record<string, string[]> }[] = [
  {
    never: 'src/analysis importing vscode',
    files: { 'src/analysis/editor.ts': "import type { Uri } from 'vscode';\nexport type U = Uri;\n" },
    broken: { 'src/analysis/editor.ts': ['vscode-only-in-extension'] },
  },
  {
    never: 'src/server importing vscode',
    files: { 'src/server/editor.ts': "import { window } from 'vscode';\nexport const w = window;\n" },
    broken: { 'src/server/editor.ts': ['vscode-only-in-extension'] },
  },
  {
    never: 'src/analysis importing the server, or the advisor (type only)',
    files: {
      'src/analysis/leak-server.ts': "import { SOURCE } from '../server/protocol';\nexport const s = SOURCE;\n",
      'src/analysis/leak-advisor.ts': "import type { ASK } from '../advisor/ask';\nexport type A = typeof ASK;\n",
    },
    broken: { 'src/analysis/leak-server.ts': ['analysis-is-pure'], 'src/analysis/leak-advisor.ts': ['analysis-is-pure'] },
  },
  {
    never: 'src/advisor importing the tools',
    files: { 'src/advisor/leak.ts': "import { TOOLS } from '../mcp/tools';\nexport const t = TOOLS;\n" },
    broken: { 'src/advisor/leak.ts': ['advisor-over-analysis-only'] },
  },
  {
    never: 'src/mcp importing the language server',
    files: { 'src/mcp/leak.ts': "import { SERVER } from '../server/server';\nexport const s = SERVER;\n" },
    broken: { 'src/mcp/leak.ts': ['tools-over-analysis-and-advisor'] },
  },
  {
    never: 'src/server importing the CLI',
    files: { 'src/server/leak.ts': "import { MAIN } from '../cli/main';\nexport const m = MAIN;\n" },
    broken: { 'src/server/leak.ts': ['nothing-imports-the-cli', 'server-not-cli-or-clients'] },
  },
  {
    never: 'src/extension importing the server itself or the webview app',
    files: {
      'src/extension/leak-server.ts': "import { SERVER } from '../server/server';\nexport const s = SERVER;\n",
      'src/extension/leak-webview.ts': "import { APP } from '../webview/app';\nexport const a = APP;\n",
    },
    broken: { 'src/extension/leak-server.ts': ['extension-reaches-server-by-protocol'], 'src/extension/leak-webview.ts': ['extension-reaches-webview-by-protocol'] },
  },
  {
    never: 'src/webview importing code, or types from outside the shared vocabulary',
    files: {
      'src/webview/leak.ts': "import { PHASES } from '../analysis/phases';\nexport const p = PHASES;\n",
      'src/webview/leak-type.ts': "import type { ASK } from '../advisor/ask';\nexport type A = typeof ASK;\n",
    },
    broken: { 'src/webview/leak.ts': ['webview-only-its-own'], 'src/webview/leak-type.ts': ['webview-types-only-from-vocabulary'] },
  },
  {
    never: 'a cycle of runtime imports',
    files: {
      'src/analysis/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
      'src/analysis/b.ts': "import { a } from './a';\nexport const b = () => a;\n",
    },
    // The checker names a cycle once, from where it first met it.
    broken: { 'src/analysis/a.ts': ['no-circular'] },
  },
];

describe('boundary checker', () => {
  it('passes the arrows the architecture allows, a type-only cycle included', () => {
    const result = check({
      'src/analysis/uses-other.ts': "import { OTHER } from './other';\nexport const Y = OTHER;\n",
      'src/webview/uses-phase.ts': "import type { PHASES } from '../analysis/phases';\nexport type P = typeof PHASES;\n",
      'src/extension/a.ts': "import type { B } from './b';\nexport type A = B | 1;\nexport const a = 1;\n",
      'src/extension/b.ts': "import { a } from './a';\nexport type B = typeof a;\n",
    });
    expect(result).toEqual({ status: 0, broken: {} });
  });

  it('fails on every forbidden import, naming the file and the rule', () => {
    const result = check(Object.assign({}, ...PROBES.map((p) => p.files)));
    const expected = Object.assign({}, ...PROBES.map((p) => p.broken)) as Record<string, string[]>;
    expect(result.broken).toEqual(expected);
    // Its exit code is the number of errors, so `npm test` stops on it.
    expect(result.status).toBe(Object.values(expected).flat().length);
  });
});
