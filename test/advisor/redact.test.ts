// Secrets in realistic Elixir (config.exs, module attributes, headers) are replaced before anything is sent.
import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '../../src/advisor/redact';

describe('redact', () => {
  it('redacts passwords and keys in config.exs, keeping the rest of the line', () => {
    const config = [
      'config :my_app, MyApp.Repo,',
      '  username: "postgres",',
      '  password: "s3cr3t-Pa55",',
      '  hostname: "localhost"',
      'config :my_app, MyAppWeb.Endpoint, secret_key_base: "VGhpcyBpcyBub3QgYSByZWFsIGtleQ", live_view: [signing_salt: "abc"]',
      'config :ex_aws, access_key_id: "AKIAIOSFODNN7EXAMPLE", secret_access_key: System.get_env("AWS_SECRET")',
      'config :stripe, api_key: "rk_live_0123456789abcdef"',
    ].join('\n');
    const { text, count } = redact(config);
    expect(text).toContain('username: "postgres"');
    expect(text).toContain('hostname: "localhost"');
    expect(text).toContain(`password: "${REDACTED}"`);
    expect(text).toContain(`secret_key_base: "${REDACTED}"`);
    expect(text).toContain(`api_key: "${REDACTED}"`);
    expect(text).toContain('signing_salt: "abc"');
    expect(text).toContain('System.get_env("AWS_SECRET")');
    for (const s of ['s3cr3t-Pa55', 'VGhpcyBpcyBub3Q', 'AKIAIOSFODNN7EXAMPLE', 'rk_live_0123']) expect(text).not.toContain(s);
    expect(count).toBe(4);
  });

  it('redacts module attributes and assignments holding secrets', () => {
    const code = [
      '  @api_key "not-a-known-format-but-secret"',
      "  @client_secret 'abc''",
      '  @timeout 5_000',
      '  def login, do: secret = "hunter2"',
      '  def creds, do: %{"client_secret" => "zzzz1234", :password => \'pw\'}',
      '  def valid?(token), do: token == "x"',
    ].join('\n');
    const { text } = redact(code);
    expect(text).toContain(`@api_key "${REDACTED}"`);
    expect(text).toContain(`secret = "${REDACTED}"`);
    expect(text).toContain(`"client_secret" => "${REDACTED}"`);
    expect(text).toContain(`:password => '${REDACTED}'`);
    expect(text).toContain('@timeout 5_000');
    expect(text).toContain('token == "x"');
    expect(text).not.toMatch(/hunter2|zzzz1234|not-a-known-format/);
  });

  it('redacts API keys, tokens and JWTs wherever they are', () => {
    const code = [
      'Req.new(headers: [{"x-api-key", "sk-ant-api03-AbCdEf0123456789xyz_-Q"}])',
      'OpenAI.new("sk-proj-abcdefghijklmnopqrstuvwx")',
      'Tentacat.Client.new(%{access_token: System.get_env("GH")}) # was ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'headers = [{"authorization", "Bearer abcdef1234567890abcdef.xyz"}]',
      'jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"',
      'aws = "AKIAIOSFODNN7EXAMPLE"',
    ].join('\n');
    const { text, count } = redact(code);
    expect(text).not.toMatch(/sk-ant-|sk-proj-|ghp_|abcdef1234567890|eyJhbGci|AKIA/);
    expect(text).toContain(`"Bearer ${REDACTED}"`);
    expect(text).toContain('System.get_env("GH")');
    expect(count).toBe(6);
  });

  it('redacts private key blocks whole', () => {
    const code = '@key """\n-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7\nabc+/=\n-----END RSA PRIVATE KEY-----\n"""\n';
    expect(redact(code)).toEqual({ text: `@key """\n${REDACTED}\n"""\n`, count: 1 });
  });

  it('leaves ordinary code alone', () => {
    const code = 'defmodule Shop.Cart do\n  use GenServer\n  def tokens(text), do: String.split(text, " ")\n  @password_length 12\nend\n';
    expect(redact(code)).toEqual({ text: code, count: 0 });
  });
});
