// Masks secrets in text before it leaves the machine or is stored: secretlint's recommended rules find the
// well-known token shapes, our own rules (redact-rules.ts) what they miss in Elixir code.
import { lintSource } from '@secretlint/core';
import { creator as recommended } from '@secretlint/secretlint-rule-preset-recommend';
import { OWN_RULES } from './redact-rules';

export const REDACTED = '«redacted»';

export interface Redacted {
  text: string;
  /** How many secrets were replaced. */
  count: number;
}

type Span = { start: number; end: number };

const PRESET = {
  id: recommended.meta.id,
  rule: recommended,
  // Access key ids (AKIA…) are off by default in the AWS rule; a key id next to its secret is worth masking too.
  rules: [{ id: '@secretlint/secretlint-rule-aws', options: { enableIDScanRule: true } }],
};

/** Our rules, asking for group offsets (the `d` flag). */
const OWN = OWN_RULES.map((r) => ({ ...r, re: new RegExp(r.re.source, r.re.flags.includes('d') ? r.re.flags : `${r.re.flags}d`) }));

export async function redact(text: string): Promise<Redacted> {
  if (!text) return { text, count: 0 };
  const spans = [...(await presetSpans(text)), ...ownSpans(text)];
  return mask(text, spans);
}

async function presetSpans(text: string): Promise<Span[]> {
  const result = await lintSource({
    source: { content: text, filePath: 'snippet.ex', ext: '.ex', contentType: 'text' },
    options: { config: { rules: [PRESET] } },
  });
  return result.messages.map((m) => presetSpan(text, m.range, m.data));
}

/**
 * Where the secret of a secretlint report is. The AWS secret rule reports a range from the start of its name
 * with the length of the value, so when a value named in the report's data starts inside the range, that value
 * is the secret. A URL keeps all but its password; a closing quote stays.
 */
function presetSpan(text: string, [start, end]: readonly [number, number], data: object | undefined): Span {
  let span = { start, end };
  for (const value of Object.values(data ?? {})) {
    if (typeof value !== 'string' || value.length < 8) continue;
    const at = text.indexOf(value, start);
    if (at >= 0 && at <= end) {
      span = { start: at, end: at + value.length };
      break;
    }
  }
  while (span.end > span.start && `"'`.includes(text[span.end - 1]!)) span.end--;
  const password = /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:([^\s@/]+)@/i.exec(text.slice(span.start, span.end));
  if (password) {
    const from = span.start + password[0].length - 1 - password[1]!.length;
    return { start: from, end: from + password[1]!.length };
  }
  return span;
}

function ownSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const { re } of OWN) {
    for (const m of text.matchAll(re)) {
      const groups = m.indices?.groups;
      const literal = groups?.literal;
      const secret = groups?.secret;
      if (literal) {
        // Keep the delimiters: `"…"` and `'…'` open with one character, a sigil `~s(…)` with three.
        const open = m.groups!.literal!.startsWith('~') ? 3 : 1;
        spans.push({ start: literal[0] + open, end: literal[1] - 1 });
      } else if (secret) {
        spans.push({ start: secret[0], end: secret[1] });
      } else {
        spans.push({ start: m.index!, end: m.index! + m[0].length });
      }
    }
  }
  return spans;
}

/** Replaces each run of overlapping spans once; text already masked is neither masked nor counted again. */
function mask(text: string, spans: Span[]): Redacted {
  const merged: Span[] = [];
  for (const s of spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ ...s });
  }
  let out = '';
  let at = 0;
  let count = 0;
  for (const s of merged) {
    if (REDACTED.includes(text.slice(s.start, s.end))) continue;
    out += text.slice(at, s.start) + REDACTED;
    at = s.end;
    count++;
  }
  return { text: out + text.slice(at), count };
}
