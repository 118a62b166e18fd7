// `# otp-advisor:disable-next-line OTP001, OTP002` and `# otp-advisor:disable-file OTP010` comments.
// No rule ids means every rule. Like Credo's and ESLint's, they are read from the raw text, so they
// work in files that do not parse.

/** `all`, or the rule ids a directive names. */
type Ids = 'all' | Set<string>;

export interface Suppressions {
  file?: Ids;
  /** 0-based line → rules silenced on it. */
  lines: Map<number, Ids>;
  /** Whether the text names `otp-advisor:` at all (else an edit that writes no such name leaves it without any). */
  named?: boolean;
}

const NAME = 'otp-advisor:';

const DIRECTIVE = /#\s*otp-advisor:(disable-next-line|disable-file)\b([^\n]*)/;

function idsOf(rest: string): Ids {
  const ids = rest.split(/[\s,]+/).filter((s) => /^OTP\d+$/i.test(s));
  return ids.length ? new Set(ids.map((s) => s.toUpperCase())) : 'all';
}

function merge(a: Ids | undefined, b: Ids): Ids {
  if (!a || a === 'all' || b === 'all') return a === 'all' || b === 'all' ? 'all' : b;
  return new Set([...a, ...b]);
}

export function readSuppressions(text: string): Suppressions {
  const out: Suppressions = { lines: new Map() };
  if (!text.includes(NAME)) return out;
  out.named = true;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]);
    if (!m) continue;
    const ids = idsOf(m[2]);
    if (m[1] === 'disable-file') {
      out.file = merge(out.file, ids);
      continue;
    }
    // Stacked directives all apply to the first line after them that is not a directive.
    let target = i + 1;
    while (target < lines.length && DIRECTIVE.test(lines[target]) && /^\s*#/.test(lines[target])) target++;
    out.lines.set(target, merge(out.lines.get(target), ids));
  }
  return out;
}

/**
 * The suppressions of `text`, an edit of `last.text` that kept its first `range.prefix` and last `range.suffix`
 * characters (the language server's keystroke): a text that named no directive stays without one unless the edited
 * stretch, with the characters that may complete a name across its ends, now names one. Scanning a 7 000-line
 * file for the name on every keystroke cost more than reading the edited definition again.
 */
export function editedSuppressions(text: string, last?: { text: string; suppressions: Suppressions }, range?: { before: string; prefix: number; suffix: number }): Suppressions {
  if (!last || !range || range.before !== last.text || last.suppressions.named) return readSuppressions(text);
  const reach = NAME.length - 1;
  const edited = text.slice(Math.max(0, range.prefix - reach), Math.min(text.length, text.length - range.suffix + reach));
  return edited.includes(NAME) ? readSuppressions(text) : last.suppressions;
}

function has(ids: Ids | undefined, rule: string): boolean {
  return ids === 'all' || (ids !== undefined && ids.has(rule));
}

export function isSuppressed(s: Suppressions, rule: string, line: number): boolean {
  return has(s.file, rule) || has(s.lines.get(line), rule);
}
