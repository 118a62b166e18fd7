// The baseline file: findings a team has accepted for now, keyed by fingerprint (fingerprint.ts), so
// only new ones are reported. Rule, module and file are kept beside each key for people reading diffs;
// matching uses the fingerprint alone, so code that moves (within a file or to another) stays accepted.

const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  rule: string;
  module?: string;
  /** Where the finding was when the baseline was written (relative to the run's root, with `/`). */
  file: string;
}

export type BaselineResult = { ok: true; entries: BaselineEntry[] } | { ok: false; error: string };

export function parseBaseline(text: string): BaselineResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: `is not valid JSON: ${(e as Error).message}` };
  }
  const doc = raw as { version?: unknown; findings?: unknown };
  if (typeof raw !== 'object' || raw === null || !Array.isArray(doc.findings)) return { ok: false, error: 'is not an OTP Advisor baseline (no "findings" list)' };
  if (doc.version !== BASELINE_VERSION) return { ok: false, error: `has version ${JSON.stringify(doc.version)}; this otp-advisor reads version ${BASELINE_VERSION}` };
  const entries: BaselineEntry[] = [];
  for (const [i, e] of doc.findings.entries()) {
    const entry = e as Partial<BaselineEntry>;
    if (typeof entry?.fingerprint !== 'string' || typeof entry.rule !== 'string' || typeof entry.file !== 'string') {
      return { ok: false, error: `"findings[${i}]" needs string fingerprint, rule and file` };
    }
    entries.push({ fingerprint: entry.fingerprint, rule: entry.rule, ...(typeof entry.module === 'string' ? { module: entry.module } : {}), file: entry.file });
  }
  return { ok: true, entries };
}

/** Sorted by file, rule and fingerprint: rewriting an unchanged baseline gives the same bytes. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const sorted = [...entries].sort((a, b) => cmp(a.file, b.file) || cmp(a.rule, b.rule) || cmp(a.fingerprint, b.fingerprint));
  const findings = sorted.map((e) => ({ fingerprint: e.fingerprint, rule: e.rule, ...(e.module ? { module: e.module } : {}), file: e.file }));
  return JSON.stringify({ version: BASELINE_VERSION, tool: 'otp-advisor', findings }, null, 2) + '\n';
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Which fingerprints the baseline holds, and the entries no current finding matched. */
export function matchBaseline(current: readonly string[], entries: readonly BaselineEntry[]): { baselined: boolean[]; unmatched: BaselineEntry[] } {
  const known = new Set(entries.map((e) => e.fingerprint));
  const found = new Set(current);
  return { baselined: current.map((fp) => known.has(fp)), unmatched: entries.filter((e) => !found.has(e.fingerprint)) };
}
