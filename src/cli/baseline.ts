// `check --baseline FILE` and `baseline FILE` (`check --update-baseline FILE`): reading, applying and
// rewriting the baseline of a run. Entries for files or rules the run did not look at are left alone.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { matchBaseline, parseBaseline, serializeBaseline, type BaselineEntry } from '../analysis/baseline';
import type { Rule } from '../analysis/rules/define';
import type { RunResult } from './run';

export class BaselineError extends Error {}

export function readBaseline(file: string): BaselineEntry[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new BaselineError(`cannot read baseline ${file}: ${missing ? `no such file (\`otp-advisor baseline ${file}\` writes it)` : (e as Error).message}`);
  }
  const parsed = parseBaseline(text);
  if (!parsed.ok) throw new BaselineError(`baseline ${file} ${parsed.error}`);
  return parsed.entries;
}

/**
 * Entries no finding of this run matched, among those the run could have matched: their file was
 * analysed (or no longer exists) and their rule ran. A baseline written for the whole project is not
 * pruned by a run on one folder or with `--only`.
 */
function staleEntries(unmatched: BaselineEntry[], result: RunResult, rules: readonly Rule[]): BaselineEntry[] {
  const ran = new Set(rules.map((r) => r.id));
  const root = fileURLToPath(result.rootUri);
  return unmatched.filter((e) => ran.has(e.rule) && (result.files.has(e.file) || !existsSync(join(root, e.file))));
}

/** Drops the baselined findings from the result; returns how many, and the stale entries. */
export function applyBaseline(result: RunResult, entries: BaselineEntry[], rules: readonly Rule[]): { hidden: number; stale: BaselineEntry[] } {
  const { baselined, unmatched } = matchBaseline(
    result.findings.map((f) => f.fingerprint),
    entries,
  );
  const before = result.findings.length;
  result.findings = result.findings.filter((_, i) => !baselined[i]);
  return { hidden: before - result.findings.length, stale: staleEntries(unmatched, result, rules) };
}

/**
 * Writes every finding of the run into the baseline, keeping the entries the run could not judge and
 * pruning the stale ones. Returns the counts for the message.
 */
export function updateBaseline(file: string, result: RunResult, rules: readonly Rule[]): { written: number; added: number; pruned: BaselineEntry[] } {
  const old = existsSync(file) ? readBaseline(file) : [];
  const current = result.findings.map((f) => f.fingerprint);
  const { unmatched } = matchBaseline(current, old);
  const pruned = staleEntries(unmatched, result, rules);
  const prunedSet = new Set(pruned);
  const kept = unmatched.filter((e) => !prunedSet.has(e));
  const known = new Set(old.map((e) => e.fingerprint));
  const entries: BaselineEntry[] = [
    ...kept,
    ...result.findings.map((f) => ({ fingerprint: f.fingerprint, rule: f.rule, ...(f.module ? { module: f.module } : {}), file: f.file })),
  ];
  try {
    writeFileSync(file, serializeBaseline(entries));
  } catch (e) {
    throw new BaselineError(`cannot write baseline ${file}: ${(e as Error).message}`);
  }
  return { written: entries.length, added: current.filter((fp) => !known.has(fp)).length, pruned };
}

export function describeEntries(entries: BaselineEntry[]): string {
  return entries.map((e) => `  ${e.file} ${e.rule}${e.module ? ` ${e.module}` : ''} (${e.fingerprint})`).join('\n');
}
