// What the chat's "Apply" would change, decided without `vscode`: a code block replaces the lines the conversation's
// question flagged, only while those lines still hold what they held when the question was asked. The host shows the
// change as a diff and applies it only once the user confirms; this module only says what the change is, or why
// there is none.
import { createHash } from 'node:crypto';

/**
 * The lines a conversation's question was about (0-based, inclusive), where Apply puts a code block. The code
 * itself is kept only as a digest: conversations are stored, and stored text must not carry the user's secrets.
 */
export type ApplyTarget = {
  uri: string;
  /** The workspace-relative path, for messages. */
  file: string;
  fromLine: number;
  toLine: number;
  digest: string;
};

/** A change ready for review: the flagged lines, their replacement, and the whole document as it would become. */
export type ApplyChange = ApplyTarget & { replacement: string; proposed: string };

export type ApplyCheck = { change: ApplyChange } | { problem: string };

const lineBreak = /\r?\n/;

const isLine = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;

/** A stored target is read back defensively, like the rest of a stored conversation. */
export function isApplyTarget(v: unknown): v is ApplyTarget {
  const t = v as Partial<ApplyTarget> | null;
  return (
    typeof t === 'object' && t !== null && typeof t.uri === 'string' && typeof t.file === 'string' && typeof t.digest === 'string' &&
    isLine(t.fromLine) && isLine(t.toLine) && t.toLine >= t.fromLine
  );
}

const digestOf = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Lines `from`–`to` of `text` joined with `\n`, or undefined when the text is shorter. */
export function linesOf(text: string, from: number, to: number): string | undefined {
  const lines = text.split(lineBreak);
  if (from < 0 || to < from || to >= lines.length) return undefined;
  return lines.slice(from, to + 1).join('\n');
}

/** The target for lines `from`–`to` of `text`, as they are now. */
export function targetFor(uri: string, file: string, text: string, from: number, to: number): ApplyTarget | undefined {
  const lines = linesOf(text, from, to);
  return lines === undefined ? undefined : { uri, file, fromLine: from, toLine: to, digest: digestOf(lines) };
}

export const lineSpan = (t: Pick<ApplyTarget, 'fromLine' | 'toLine'>): string =>
  t.fromLine === t.toLine ? `line ${t.fromLine + 1}` : `lines ${t.fromLine + 1}–${t.toLine + 1}`;

const indentOf = (line: string): string => /^[ \t]*/.exec(line)![0];

/**
 * `code` moved to the flagged lines' indentation: answers quote code flush left, the flagged lines sit inside a
 * function. Relative indentation inside the block is kept; trailing blank lines go.
 */
export function reindent(code: string, flagged: string): string {
  const lines = code.replace(/\s+$/, '').split(lineBreak);
  const filled = lines.filter((l) => l.trim() !== '');
  const base = indentOf(flagged.split('\n').find((l) => l.trim() !== '') ?? '');
  const common = filled.reduce((min, l) => Math.min(min, indentOf(l).length), Infinity);
  return lines.map((l) => (l.trim() === '' ? '' : base + l.slice(common))).join('\n');
}

/**
 * The change Apply would make with `code`, given the document's current text (undefined when it cannot be read), or
 * why there is none. Never a guess: lines that moved or changed since the question are a problem, not a target.
 */
export function planApply(target: ApplyTarget | undefined, current: string | undefined, code: string): ApplyCheck {
  if (!target) {
    return { problem: 'This conversation names no code to replace. Ask from a finding (or select the code before asking), or use Insert.' };
  }
  if (current === undefined) return { problem: `${target.file} could not be opened, so nothing was applied.` };
  const flagged = linesOf(current, target.fromLine, target.toLine);
  if (flagged === undefined || digestOf(flagged) !== target.digest) {
    return { problem: `${target.file} ${lineSpan(target)} changed since the question was asked, so nothing was applied. Ask again about the code as it is now.` };
  }
  if (code.trim() === '') return { problem: 'The code block is empty: there is nothing to apply.' };
  const replacement = reindent(code, flagged);
  if (replacement === flagged) return { problem: `The code block matches ${target.file} ${lineSpan(target)} as it stands: there is nothing to apply.` };
  const eol = current.includes('\r\n') ? '\r\n' : '\n';
  const lines = current.split(lineBreak);
  const proposed = [...lines.slice(0, target.fromLine), ...replacement.split('\n'), ...lines.slice(target.toLine + 1)].join(eol);
  return { change: { ...target, replacement, proposed } };
}

/** Where the code is once `change` is applied: its replacement, on the lines it now takes. */
export function appliedTarget(change: ApplyChange): ApplyTarget {
  const { uri, file, fromLine, replacement } = change;
  return { uri, file, fromLine, toLine: fromLine + replacement.split('\n').length - 1, digest: digestOf(replacement) };
}
