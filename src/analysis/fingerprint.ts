// A finding's identity across edits, shared by SARIF's partialFingerprints and the baseline file:
// rule + module + a hash of the flagged code (whitespace collapsed), then an occurrence index among
// identical ones. No line number goes in, so adding lines above a finding or moving its code keeps it.
import { createHash } from 'node:crypto';
import type { Finding } from './engine';
import { lineStartsOf } from './parse/source';

/** The SARIF `partialFingerprints` key; bump the version if the recipe below changes. */
export const FINGERPRINT_KEY = 'otpAdvisor/v1';

type Located = Pick<Finding, 'rule' | 'module' | 'file' | 'range'>;

/** `slice`'s reading of an index into a string of `length` characters. */
const clamp = (at: number, length: number): number => (at < 0 ? Math.max(0, length + at) : Math.min(at, length));

/**
 * The flagged text, whitespace runs collapsed: re-indenting or re-wrapping the code does not change it. Cut out of
 * the text by offsets rather than from the text split into lines: the language server fingerprints every finding of
 * a 5 000-line file on each keystroke, and splitting it made thousands of strings each time. Line ends (`\n`,
 * `\r\n`) are whitespace and collapse like any other, so the result is that of joining the cut lines with `\n`.
 */
export function flaggedCode(text: string, f: Located, starts = lineStartsOf(text)): string {
  const { line, col, endLine, endCol } = f.range;
  const last = Math.min(endLine, starts.length - 1);
  if (line < 0 || line > last) return '';
  // A line's content, without its `\n` or `\r\n`.
  const contentEnd = (l: number): number => {
    if (l === starts.length - 1) return text.length;
    const nl = starts[l + 1] - 1;
    return nl > starts[l] && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
  };
  const lastStart = starts[last];
  const end = lastStart + clamp(endCol, contentEnd(last) - lastStart);
  const firstStart = starts[line];
  // On one line the start column counts within what the end cut left.
  const start = firstStart + clamp(col, (line === last ? end : contentEnd(line)) - firstStart);
  return start >= end ? '' : text.slice(start, end).replace(/\s+/g, ' ').trim();
}

/**
 * One fingerprint per finding, in the same order. `sourceOf` gives a file's text (undefined when it
 * cannot be read: the hash then covers rule and owner only). Identical findings, same rule, owner and
 * code, are told apart by their order in the file set (file, then position): `…:0`, `…:1`.
 */
export function fingerprints(findings: readonly Located[], sourceOf: (file: string) => string | undefined): string[] {
  // Each file's lines found once: hundreds of findings in one large file cost one scan, not hundreds.
  const lines = new Map<string, number[]>();
  const bases = findings.map((f) => {
    const text = sourceOf(f.file);
    let starts = lines.get(f.file);
    if (text !== undefined && !starts) lines.set(f.file, (starts = lineStartsOf(text)));
    // A finding outside any module (a script's top level) is owned by its file.
    const owner = f.module ? `module:${f.module}` : `file:${f.file}`;
    const code = text === undefined ? '' : flaggedCode(text, f, starts);
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
