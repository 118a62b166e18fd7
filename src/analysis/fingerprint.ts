// A finding's identity across edits, shared by SARIF's partialFingerprints and the baseline file:
// rule + module + a hash of the flagged code (whitespace collapsed), then an occurrence index among
// identical ones. No line number goes in, so adding lines above a finding or moving its code keeps it.
import { createHash } from 'node:crypto';
import type { Finding } from './engine';

/** The SARIF `partialFingerprints` key; bump the version if the recipe below changes. */
export const FINGERPRINT_KEY = 'otpAdvisor/v1';

type Located = Pick<Finding, 'rule' | 'module' | 'file' | 'range'>;

/** The flagged text, whitespace runs collapsed: re-indenting or re-wrapping the code does not change it. */
export function flaggedCode(text: string, f: Located, allLines = text.split(/\r?\n/)): string {
  const lines = allLines.slice(f.range.line, f.range.endLine + 1);
  if (!lines.length) return '';
  // End first: on a one-line range both cuts apply to the same line, and the end column counts from its start.
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, f.range.endCol);
  lines[0] = lines[0].slice(f.range.col);
  return lines.join('\n').replace(/\s+/g, ' ').trim();
}

/**
 * One fingerprint per finding, in the same order. `sourceOf` gives a file's text (undefined when it
 * cannot be read: the hash then covers rule and owner only). Identical findings, same rule, owner and
 * code, are told apart by their order in the file set (file, then position): `…:0`, `…:1`.
 */
export function fingerprints(findings: readonly Located[], sourceOf: (file: string) => string | undefined): string[] {
  // Each file split into lines once: hundreds of findings in one large file cost one split, not hundreds.
  const split = new Map<string, string[]>();
  const bases = findings.map((f) => {
    const text = sourceOf(f.file);
    let lines = split.get(f.file);
    if (text !== undefined && !lines) split.set(f.file, (lines = text.split(/\r?\n/)));
    // A finding outside any module (a script's top level) is owned by its file.
    const owner = f.module ? `module:${f.module}` : `file:${f.file}`;
    const code = text === undefined ? '' : flaggedCode(text, f, lines);
    return hashOf(`${f.rule}\0${owner}\0${code}`);
  });
  const order = findings.map((_, i) => i).sort((a, b) => compare(findings[a], findings[b]));
  const seen = new Map<string, number>();
  const out: string[] = new Array(findings.length);
  for (const i of order) {
    const n = seen.get(bases[i]) ?? 0;
    seen.set(bases[i], n + 1);
    out[i] = `${bases[i]}:${n}`;
  }
  return out;
}

/**
 * Hashes already computed: the language server fingerprints every finding of a project on each publish, and a
 * keystroke changes the code of few of them. Bounded: cleared when it grows past what one large project holds.
 */
const HASHES = new Map<string, string>();
const MAX_HASHES = 50_000;

function hashOf(key: string): string {
  let hash = HASHES.get(key);
  if (hash === undefined) {
    if (HASHES.size >= MAX_HASHES) HASHES.clear();
    HASHES.set(key, (hash = createHash('sha256').update(key).digest('hex').slice(0, 16)));
  }
  return hash;
}

function compare(a: Located, b: Located): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.range.line - b.range.line || a.range.col - b.range.col;
}
