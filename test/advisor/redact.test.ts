// Secrets in realistic Elixir and in chat text are masked before anything is sent or stored, and harmless
// look-alikes are left alone. The fake secrets are built by concatenation so that none sits in this file whole.
import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../src/advisor/redact';
import { OWN_RULES } from '../../src/advisor/redact-rules';

/** `n` characters cycling through `alphabet`. */
const fill = (alphabet: string, n: number) => alphabet.repeat(Math.ceil(n / alphabet.length)).slice(0, n);
const B64 = 'k9ZqT2vX8bLm4RwP0sYc1NfHj6GdEu3Ai5Oe7WtK';

const AWS_ID = 'AKIA' + 'Q3EGRZ7VNXK2M4PT';
const AWS_SECRET = fill(B64, 40);
const ANTHROPIC = 'sk-ant-' + 'api03-' + fill('aB3dE5fG7hJ9kL1mN', 93) + 'AA';
const ANTHROPIC_SHORT = 'sk-ant-' + 'admin01-' + fill('Zy9Xw8', 30);
const OPENAI = 'sk-proj-' + fill('Ab12Cd34Ef56Gh78', 74) + 'T3Blbk' + 'FJ' + fill('Zx98Yw76', 74);
const GITHUB = 'ghp' + '_' + fill('a1B2c3D4e5F6g7H8i9J0', 36);
const GITHUB_PAT = 'github' + '_pat_' + fill('11ABCDEFG0', 22) + '_' + fill('aB3dE5fG7hJ9kL1mN0pQ', 59);
const SLACK = 'xox' + 'b-123456789012-1234567890123-' + fill('aB3dE5fG7hJ9kL1mN0pQ', 24);
const SLACK_HOOK = 'https://hooks.slack.com/services/' + 'T01234567/B01234567/' + fill('aB3dE5fG7hJ9kL1mN0pQ', 24);
const JWT = 'eyJ' + 'hbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9' + '.eyJ' + 'zdWIiOiIxMjM0NTY3ODkwIn0.' + 'dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const STRIPE = 'sk_' + 'live_' + fill('4eC39HqLyjWDarjtT1zdp7dc', 24);
const NPM = 'npm' + '_' + fill('aB3dE5fG7hJ9kL1mN0pQ', 36);
const PEM_BODY = 'MIIEowIBAAKCAQEA' + fill(B64, 120);
const PEM = '-----BEGIN RSA ' + 'PRIVATE KEY-----\n' + PEM_BODY + '\n-----END RSA PRIVATE KEY-----';
const PEM_SHORT = '-----BEGIN ' + 'PRIVATE KEY-----\nMIIEvQIBADANBgkq' + fill(B64, 20) + '\n-----END PRIVATE KEY-----';
const PEM_NO_END = '-----BEGIN EC ' + 'PRIVATE KEY-----\n' + PEM_BODY + '\n' + fill(B64, 64);
const PGP_BODY = 'lQOYBF' + fill(B64, 58);
const PGP = '-----BEGIN PGP ' + 'PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\n\n' + PGP_BODY + '\n=a1B2\n-----END PGP PRIVATE KEY BLOCK-----';
const PW = 'S3cr3t' + '-Pa55';

type Case = { name: string; text: string; secret: string; keep: string[] };
const secrets: Case[] = [
  { name: 'postgres URL with a password', text: `url = "postgres://app:${PW}@db.internal:5432/shop"`, secret: PW, keep: ['postgres://app:', '@db.internal:5432/shop"'] },
  { name: 'mysql URL with a password', text: `"mysql://root:${PW}@localhost:3306/app"`, secret: PW, keep: ['mysql://root:', '@localhost'] },
  { name: 'ecto URL with a password', text: `config :app, Repo, url: "ecto://user:${PW}@db/app_dev"`, secret: PW, keep: ['ecto://user:', '@db/app_dev'] },
  { name: 'redis URL with only a password', text: `Redix.start_link("redis://:${PW}@cache:6379")`, secret: PW, keep: ['redis://:', '@cache:6379'] },
  { name: 'https URL with basic auth', text: `Req.get!("https://deploy:${PW}@ci.example.com/hook")`, secret: PW, keep: ['https://deploy:', '@ci.example.com'] },
  { name: 'keyword password', text: `  password: "${PW}",`, secret: PW, keep: ['password: "'] },
  { name: 'keyword pass', text: `smtp: [user: "me", pass: "${PW}"]`, secret: PW, keep: ['user: "me"', 'pass: "'] },
  { name: 'keyword pwd', text: `ldap: [pwd: "${PW}"]`, secret: PW, keep: ['pwd: "'] },
  { name: 'keyword db_pass', text: `db_pass: "${PW}"`, secret: PW, keep: ['db_pass: "'] },
  { name: 'secret_key_base', text: `config :app, Endpoint, secret_key_base: "${fill(B64, 64)}"`, secret: fill(B64, 64), keep: ['secret_key_base: "'] },
  { name: 'password tuple', text: `[{:username, "u"}, {:password, "${PW}"}]`, secret: PW, keep: ['{:username, "u"}', '{:password, "'] },
  { name: 'string-keyed secret tuple', text: `{"client_secret", "${PW}"}`, secret: PW, keep: ['{"client_secret", "'] },
  { name: 'password in a ~s() sigil', text: `password: ~s(${PW})`, secret: PW, keep: ['password: ~s('] },
  { name: 'password in a ~S[] sigil', text: `password: ~S[${PW}]`, secret: PW, keep: ['password: ~S['] },
  { name: 'attribute with a sigil', text: `@api_key ~s|${PW}|`, secret: PW, keep: ['@api_key ~s|'] },
  { name: 'attribute with a string', text: `  @api_key "${PW}"`, secret: PW, keep: ['@api_key "'] },
  { name: 'charlist secret', text: `@client_secret '${PW}'`, secret: PW, keep: ["@client_secret '"] },
  { name: 'map with a string key', text: `%{"api_key" => "${PW}"}`, secret: PW, keep: ['"api_key" => "'] },
  { name: 'map with an atom key', text: `%{:password => '${PW}'}`, secret: PW, keep: [":password => '"] },
  { name: 'assignment', text: `secret = "${PW}"`, secret: PW, keep: ['secret = "'] },
  { name: 'get_env default', text: `password: System.get_env("DB_PASSWORD", "${PW}")`, secret: PW, keep: ['System.get_env("DB_PASSWORD", "'] },
  { name: 'get_env || default', text: `token = System.get_env("API_TOKEN") || "${PW}"`, secret: PW, keep: ['System.get_env("API_TOKEN") || "'] },
  { name: 'AWS access key id', text: `access_key_id: "${AWS_ID}"`, secret: AWS_ID, keep: ['access_key_id: "'] },
  { name: 'named AWS secret key', text: `aws_secret_access_key = "${AWS_SECRET}"`, secret: AWS_SECRET, keep: ['aws_secret_access_key = "'] },
  { name: 'bare AWS secret key', text: `ExAws.Config.new(:s3, secret: System.get_env("X")) # ${AWS_SECRET}`, secret: AWS_SECRET, keep: ['System.get_env("X")'] },
  { name: 'Anthropic key', text: `Req.new(headers: [{"x-api-key", "${ANTHROPIC}"}])`, secret: ANTHROPIC, keep: ['"x-api-key", "'] },
  { name: 'Anthropic key of another shape', text: `key = ${ANTHROPIC_SHORT}`, secret: ANTHROPIC_SHORT, keep: ['key = '] },
  { name: 'OpenAI project key', text: `OpenAI.new("${OPENAI}")`, secret: OPENAI, keep: ['OpenAI.new("'] },
  { name: 'GitHub token', text: `# was ${GITHUB}`, secret: GITHUB, keep: ['# was '] },
  { name: 'GitHub fine-grained token', text: `Tentacat.Client.new(%{access_token: "${GITHUB_PAT}"})`, secret: GITHUB_PAT, keep: ['Tentacat.Client.new'] },
  { name: 'Slack token', text: `Slack.Web.Chat.post_message("#x", "hi", %{token: "${SLACK}"})`, secret: SLACK, keep: ['post_message("#x", "hi"'] },
  { name: 'Slack webhook', text: `@hook "${SLACK_HOOK}"`, secret: SLACK_HOOK.slice(-24), keep: ['@hook "'] },
  { name: 'JWT', text: `jwt = "${JWT}"`, secret: JWT.split('.')[2]!, keep: ['jwt = "'] },
  { name: 'Bearer header', text: `[{"authorization", "Bearer ${fill('abcdef1234567890', 28)}"}]`, secret: fill('abcdef1234567890', 28), keep: ['"Bearer '] },
  { name: 'Stripe live key', text: `Stripe.api_key(${JSON.stringify(STRIPE)})`, secret: STRIPE, keep: ['Stripe.api_key('] },
  { name: 'npm token', text: `//registry.npmjs.org/:_authToken=${NPM}`, secret: NPM, keep: ['registry.npmjs.org'] },
  { name: 'PEM private key', text: `@key """\n${PEM}\n"""`, secret: PEM_BODY, keep: ['@key """\n', '\n"""'] },
  { name: 'short PEM private key', text: `@key """\n${PEM_SHORT}\n"""`, secret: 'MIIEvQIBADANBgkq', keep: ['@key """'] },
  { name: 'PEM private key without END', text: `key = """\n${PEM_NO_END}\n"""\nend`, secret: PEM_BODY, keep: ['key = """', '\n"""\nend'] },
  { name: 'PGP private key block', text: `@pgp """\n${PGP}\n"""`, secret: PGP_BODY, keep: ['@pgp """'] },
];

const harmless: { name: string; text: string }[] = [
  { name: 'a TTL attribute named token', text: '@token_ttl "3600"' },
  { name: 'a length attribute named password', text: '@password_length 12' },
  { name: 'a list of secret field names', text: '@secret_fields [:password, :token]' },
  { name: 'a virtual schema field', text: 'field :password, :string, virtual: true, redact: true' },
  { name: 'a hash call', text: 'password_hash: Bcrypt.hash_pwd_salt(attrs["password"])' },
  { name: 'a comparison with a token', text: 'def valid?(token), do: token == "x"' },
  { name: 'a password from the environment', text: 'password: System.get_env("DB_PASSWORD")' },
  { name: 'a non-secret env default', text: 'port: String.to_integer(System.get_env("PORT", "4000"))' },
  { name: 'a URL without a password', text: 'url: "postgres://postgres@localhost/app_dev"' },
  { name: 'a port in a URL', text: 'Req.get!("https://example.com:8443/a/b")' },
  { name: 'a git commit hash', text: 'ref: "3f786850e387550fdab836ed7e6dc881de23001b"' },
  { name: 'a public key block', text: '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----' },
  { name: 'a certificate header', text: '-----BEGIN CERTIFICATE-----' },
  { name: 'words ending in pass', text: 'bypass: "cache", compass: "north", pass_through: true' },
  { name: 'a tokens function', text: 'def tokens(text), do: String.split(text, " ")' },
  { name: 'a UUID', text: 'id = "550e8400-e29b-41d4-a716-446655440000"' },
  { name: 'a module with a long name', text: 'alias MyApp.Accounts.UserNotifier.PasswordResetEmail' },
  { name: 'a nil token', text: 'token: nil, password: nil' },
  { name: 'a signing salt', text: 'live_view: [signing_salt: "abc"]' },
  { name: 'ordinary GenServer code', text: 'defmodule Shop.Cart do\n  use GenServer\n  def init(x), do: {:ok, x}\nend\n' },
];

describe('redact: the table', () => {
  it('has at least 40 shapes', () => expect(secrets.length + harmless.length).toBeGreaterThanOrEqual(40));

  it.each(secrets)('masks $name', async ({ text, secret, keep }) => {
    expect(text).toContain(secret);
    const r = await redact(text);
    expect(r.text).not.toContain(secret);
    expect(r.text).toContain(REDACTED);
    expect(r.count).toBeGreaterThan(0);
    for (const k of keep) expect(r.text).toContain(k);
  });

  it.each(harmless)('keeps $name', async ({ text }) => {
    expect(await redact(text)).toEqual({ text, count: 0 });
  });
});

describe('redact: behaviour', () => {
  it('masks each secret of a config file once, keeping the rest of each line', async () => {
    const config = [
      'config :my_app, MyApp.Repo,',
      '  username: "postgres",',
      `  password: "${PW}",`,
      '  hostname: "localhost"',
      `config :my_app, MyAppWeb.Endpoint, secret_key_base: "${fill(B64, 64)}", live_view: [signing_salt: "abc"]`,
      `config :ex_aws, access_key_id: "${AWS_ID}", secret_access_key: System.get_env("AWS_SECRET")`,
    ].join('\n');
    const { text, count } = await redact(config);
    expect(text).toBe([
      'config :my_app, MyApp.Repo,',
      '  username: "postgres",',
      `  password: "${REDACTED}",`,
      '  hostname: "localhost"',
      `config :my_app, MyAppWeb.Endpoint, secret_key_base: "${REDACTED}", live_view: [signing_salt: "abc"]`,
      `config :ex_aws, access_key_id: "${REDACTED}", secret_access_key: System.get_env("AWS_SECRET")`,
    ].join('\n'));
    expect(count).toBe(3);
  });

  it('replaces a whole private key block, lines and all', async () => {
    expect(await redact(`@key """\n${PEM}\n"""\n`)).toEqual({ text: `@key """\n${REDACTED}\n"""\n`, count: 1 });
  });

  it('leaves masked text as it is: redacting twice changes and counts nothing more', async () => {
    const once = await redact(`password: "${PW}"\nurl = "ecto://u:${PW}@h/db"\n${GITHUB}`);
    expect(once.count).toBe(3);
    expect(await redact(once.text)).toEqual({ text: once.text, count: 0 });
  });
});

describe('redact: each Elixir rule masks its shape and keeps the neighbour that is not a secret', () => {
  const pairs: Record<string, { secret: string; neighbour: string }> = {
    'elixir-named-value': { secret: `pass: "${PW}"`, neighbour: 'user: "admin"' },
    'elixir-attribute': { secret: `@auth_token "${PW}"`, neighbour: '@token_ttl "3600"' },
    'elixir-tuple': { secret: `{:password, "${PW}"}`, neighbour: '{:pool_size, "10"}' },
    'elixir-env-default': { secret: `System.get_env("SECRET_KEY_BASE", "${PW}")`, neighbour: 'System.get_env("HOST", "localhost")' },
    'url-password': { secret: `"ecto://app:${PW}@db/app"`, neighbour: '"ecto://app@db/app"' },
  };

  it('covers every Elixir rule', () => {
    expect(OWN_RULES.filter((r) => r.id.startsWith('elixir-') || r.id === 'url-password').map((r) => r.id).sort()).toEqual(Object.keys(pairs).sort());
  });

  it.each(Object.entries(pairs))('%s', async (id, { secret, neighbour }) => {
    const rule = OWN_RULES.find((r) => r.id === id)!;
    // The rule itself matches the secret and not the neighbour…
    expect(secret.match(new RegExp(rule.re.source, rule.re.flags))).not.toBeNull();
    expect(neighbour.match(new RegExp(rule.re.source, rule.re.flags))).toBeNull();
    // …and redact() masks the one and keeps the other, side by side.
    const { text } = await redact(`${neighbour}\n${secret}`);
    expect(text).not.toContain(PW);
    expect(text.split('\n')[0]).toBe(neighbour);
  });
});
