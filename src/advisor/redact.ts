// Replaces things that look like secrets (API keys, tokens, passwords in literals, private keys) before text is sent.
export const REDACTED = '«redacted»';

/** Names whose string value is a secret: `password: "..."`, `@api_key "..."`, `"client_secret" => "..."`. */
const SECRET_NAME = String.raw`[A-Za-z0-9_]*(?:password|passwd|passphrase|secret|api_?key|apikey|access_?key|private_?key|auth_?token|access_?token|refresh_?token|token|credentials?)[A-Za-z0-9_]*`;

const PATTERNS: { re: RegExp; replace: (m: string, ...groups: string[]) => string }[] = [
  // Private key blocks first: their body would otherwise be cut up by the patterns below.
  {
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[^]*?-----END [A-Z0-9 ]*PRIVATE KEY-----/g,
    replace: () => REDACTED,
  },
  // A secret-named key followed by a string literal: only the literal's content goes.
  // `password: "x"`, `secret = "x"`, `"api_key" => "x"`, `:password => 'x'`.
  {
    re: new RegExp(String.raw`((?<![A-Za-z0-9_])${SECRET_NAME}["']?\s*(?::|=>|=)\s*)("(?:[^"\\\n]|\\.)+"|'(?:[^'\\\n]|\\.)+')`, 'gi'),
    replace: (_m, lead, literal) => `${lead}${literal[0]}${REDACTED}${literal[0]}`,
  },
  // A secret-named module attribute: `@api_key "x"`.
  {
    re: new RegExp(String.raw`(@${SECRET_NAME}\s+)("(?:[^"\\\n]|\\.)+"|'(?:[^'\\\n]|\\.)+')`, 'gi'),
    replace: (_m, lead, literal) => `${lead}${literal[0]}${REDACTED}${literal[0]}`,
  },
  { re: /\bsk-ant-[A-Za-z0-9_-]{8,}/g, replace: () => REDACTED },
  { re: /\bsk-(?:proj-|live_|test_)?[A-Za-z0-9_-]{16,}/g, replace: () => REDACTED },
  { re: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, replace: () => REDACTED },
  { re: /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, replace: () => REDACTED },
  { re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g, replace: () => REDACTED },
  { re: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g, replace: () => REDACTED },
  { re: /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/-]{12,}=*/g, replace: (_m, scheme, space) => `${scheme}${space}${REDACTED}` },
];

export interface Redacted {
  text: string;
  /** How many secrets were replaced. */
  count: number;
}

export function redact(text: string): Redacted {
  let count = 0;
  let out = text;
  for (const { re, replace } of PATTERNS) {
    out = out.replace(re, (m: string, ...rest: unknown[]) => {
      // The replacer's last two arguments are the offset and the whole text; the groups come before.
      const next = replace(m, ...(rest.slice(0, -2) as string[]));
      if (next !== m) count++;
      return next;
    });
  }
  return { text: out, count };
}
