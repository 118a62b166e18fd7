// Our own secret shapes, for what secretlint's recommended rules do not see: secrets in Elixir syntax (config
// keyword lists, tuples, sigils, `System.get_env` defaults) and a few generic shapes the preset misses (checked
// against 13.1: it needs a complete PEM block of 100+ characters, has no JWT rule, finds AWS secrets only after an
// `aws_secret_access_key` name, and knows only the current Anthropic key format).
//
// Each rule's regex marks what to mask with a named group: `literal` (an Elixir string or sigil; its delimiters
// stay) or `secret` (masked as is). Neither: the whole match goes.

export interface OwnRule {
  id: string;
  re: RegExp;
}

/**
 * A name whose value is a secret. It must END in the secret word, so `@token_ttl`, `@password_length` and
 * `secret_fields` stay; `pass`, `pwd` and `token` count only as a whole word or after `_` (not `bypass`, `tokens`).
 */
const NAME = String.raw`(?:[A-Za-z0-9_]*(?:password|passwd|passphrase|secret|secret_key_base|api_?key|access_?key|private_?key|client_?secret|credentials?)|(?:[A-Za-z0-9_]+_)?(?:pass|pwd|token))`;

/** An Elixir string on one line: "…", '…' (a charlist) or a sigil ~s(…) ~S[…] ~c{…} ~s<…> ~s"…" ~s'…' ~s|…| ~s/…/. */
const LITERAL = String.raw`(?<literal>"(?:[^"\\\n]|\\.)+"|'(?:[^'\\\n]|\\.)+'|~[sScC](?:\([^)\n]+\)|\[[^\]\n]+\]|\{[^}\n]+\}|<[^>\n]+>|"[^"\n]+"|'[^'\n]+'|\|[^|\n]+\||\/[^/\n]+\/))`;

/** `:`, `=>` or `=`, not `==`, `=~` or `=<`. */
const BINDS = String.raw`\s*(?::|=>|=(?![=~<>]))\s*`;

export const OWN_RULES: readonly OwnRule[] = [
  // `password: "…"` in a keyword list, `"api_key" => "…"` or `:secret => "…"` in a map, `token = "…"`.
  { id: 'elixir-named-value', re: new RegExp(String.raw`(?<![\w@])[:"']?${NAME}["']?${BINDS}${LITERAL}`, 'gi') },
  // `@api_key "…"`.
  { id: 'elixir-attribute', re: new RegExp(String.raw`@${NAME}\s+${LITERAL}`, 'gi') },
  // `{:password, "…"}` and `{"client_secret", "…"}`, as in a config list of tuples.
  { id: 'elixir-tuple', re: new RegExp(String.raw`\{\s*[:"']?${NAME}["']?\s*,\s*${LITERAL}\s*\}`, 'gi') },
  // The fallback of a secret variable: `System.get_env("DB_PASSWORD", "…")` and `System.get_env("API_TOKEN") || "…"`.
  { id: 'elixir-env-default', re: new RegExp(String.raw`System\.get_env\(\s*"${NAME}"\s*(?:,|\)\s*\|\|)\s*${LITERAL}`, 'gi') },
  // The password of any URL with one: `ecto://user:pass@host/db` (Ecto's own scheme), `redis://:pass@host`.
  { id: 'url-password', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'«]*:(?<secret>[^\s@/"'«]+)@/gi },
  // A private key block, also without its END line or shorter than secretlint's 100 characters; PGP too.
  {
    id: 'private-key-block',
    re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----(?:[^]*?-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|(?:\r?\n[ \t]*(?:[A-Za-z0-9+/=\\]{16,}|[A-Za-z-]+: [^\n]*))*)/g,
  },
  { id: 'jwt', re: /\beyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g },
  // Any Anthropic key, whatever its version or length (the preset matches the 108-character api03/api04 form).
  { id: 'anthropic-key', re: /\bsk-ant-[A-Za-z0-9_-]{8,}/g },
  { id: 'http-auth-header', re: /\b(?:Bearer|Basic|Token)\s+(?<secret>[A-Za-z0-9._~+/-]{12,}=*)/g },
  // A bare AWS secret access key: exactly 40 base64 characters mixing upper case, lower case and digits (a git
  // hash is lower-case hex and stays).
  {
    id: 'aws-secret-key',
    re: /(?<![A-Za-z0-9/+=])(?=[A-Za-z0-9/+]*[A-Z])(?=[A-Za-z0-9/+]*[a-z])(?=[A-Za-z0-9/+]*[0-9])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/g,
  },
];
