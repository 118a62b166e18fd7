// `.otp-advisor.json`: severities per rule and per phase, `off`, excluded paths, and broken files.
import { beforeAll, describe, expect, it } from 'vitest';
import { globToRegExp, parseConfig } from '../../src/analysis/config';
import { Project } from '../../src/analysis/engine';
import { loadParser, type Parser } from '../../src/analysis/parse/parser';
import type { Phase } from '../../src/analysis/phases';
import { RULE_IDS } from '../../src/analysis/rules';

const stateless = (name: string) => `defmodule ${name} do
  use GenServer
  def init(s), do: {:ok, s}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s}
end
`;

const selfCall = `defmodule Loop do
  use GenServer
  def ping, do: GenServer.call(__MODULE__, :ping)
  def init(s), do: {:ok, s}
  def handle_call(:ping, _from, s), do: {:reply, :pong, s + 1}
  def handle_call(:twice, _from, s), do: {:reply, ping(), s + 1}
end
`;

let parser: Parser;
beforeAll(async () => {
  parser = await loadParser();
});

function project(config: string | undefined, files: Record<string, string> = { 'lib/calc.ex': stateless('Calc'), 'lib/loop.ex': selfCall }): Project {
  const p = new Project(parser);
  if (config !== undefined) p.setFile('.otp-advisor.json', config);
  for (const [path, text] of Object.entries(files)) p.addFile(path, text);
  return p;
}

const report = (p: Project, phase: Phase = 'green') => p.analyze(phase).findings.map((f) => `${f.file} ${f.rule} ${f.severity}`);

describe('rule settings', () => {
  it('uses the rules\' own severities by default', () => {
    const p = project(undefined);
    expect(report(p, 'green')).toEqual(['lib/calc.ex OTP001 warning', 'lib/loop.ex OTP023 error']);
    expect(report(p, 'refactor')).toEqual(['lib/calc.ex OTP001 information', 'lib/loop.ex OTP023 error']);
  });

  it('overrides a severity in every phase', () => {
    const p = project('{"rules": {"OTP001": "error", "OTP023": "hint"}}');
    for (const phase of ['red', 'green', 'refactor'] as const) expect(report(p, phase)).toEqual(['lib/calc.ex OTP001 error', 'lib/loop.ex OTP023 hint']);
  });

  it('turns a rule off', () => {
    expect(report(project('{"rules": {"OTP001": "off"}}'))).toEqual(['lib/loop.ex OTP023 error']);
  });

  it('sets a severity per phase, the others keeping their default', () => {
    const p = project('{"rules": {"OTP001": {"green": "hint", "refactor": "off"}}}');
    expect(report(p, 'red')).toEqual(['lib/calc.ex OTP001 warning', 'lib/loop.ex OTP023 error']);
    expect(report(p, 'green')).toEqual(['lib/calc.ex OTP001 hint', 'lib/loop.ex OTP023 error']);
    expect(report(p, 'refactor')).toEqual(['lib/loop.ex OTP023 error']);
  });

  it('reads the phase', () => {
    expect(project('{"phase": "refactor"}').config.phase).toBe('refactor');
  });

  it('goes back to the defaults when the file is removed', () => {
    const p = project('{"rules": {"OTP001": "off"}}');
    p.removeFile('.otp-advisor.json');
    expect(report(p)).toEqual(['lib/calc.ex OTP001 warning', 'lib/loop.ex OTP023 error']);
  });
});

describe('exclude', () => {
  const files = {
    'lib/calc.ex': stateless('Calc'),
    'lib/legacy/old.ex': stateless('Old'),
    'lib/legacy/deeper/older.ex': stateless('Older'),
    'lib/api_gen.ex': stateless('ApiGen'),
    'lib/nested/generated/thing.ex': stateless('Thing'),
  };
  const excluding = (globs: string[]) =>
    project(JSON.stringify({ exclude: globs }), files)
      .analyze('green')
      .findings.map((f) => f.file);

  it('skips files matched by ** and * globs', () => {
    expect(excluding([])).toEqual(['lib/api_gen.ex', 'lib/calc.ex', 'lib/legacy/deeper/older.ex', 'lib/legacy/old.ex', 'lib/nested/generated/thing.ex']);
    expect(excluding(['lib/legacy/**'])).toEqual(['lib/api_gen.ex', 'lib/calc.ex', 'lib/nested/generated/thing.ex']);
    // `*` stays within one folder.
    expect(excluding(['lib/legacy/*.ex'])).toEqual(['lib/api_gen.ex', 'lib/calc.ex', 'lib/legacy/deeper/older.ex', 'lib/nested/generated/thing.ex']);
    expect(excluding(['lib/*_gen.ex', '**/generated/*.ex'])).toEqual(['lib/calc.ex', 'lib/legacy/deeper/older.ex', 'lib/legacy/old.ex']);
  });

  it('skips everything under a folder named without a wildcard', () => {
    expect(excluding(['lib/legacy'])).toEqual(['lib/api_gen.ex', 'lib/calc.ex', 'lib/nested/generated/thing.ex']);
    expect(excluding(['lib/legacy/'])).toEqual(['lib/api_gen.ex', 'lib/calc.ex', 'lib/nested/generated/thing.ex']);
  });

  it('matches whole paths, with dots taken literally', () => {
    expect(globToRegExp('lib/*.ex').test('lib/a.ex')).toBe(true);
    expect(globToRegExp('lib/*.ex').test('lib/a.exs')).toBe(false);
    expect(globToRegExp('lib/*.ex').test('lib/aXex')).toBe(false);
    expect(globToRegExp('lib/*.ex').test('other/lib/a.ex')).toBe(false);
    expect(globToRegExp('**/*.ex').test('a.ex')).toBe(true);
    expect(globToRegExp('**/generated/*.ex').test('generated/a.ex')).toBe(true);
    expect(globToRegExp('**/generated/*.ex').test('lib/notgenerated/a.ex')).toBe(false);
    expect(globToRegExp('lib/**/old.ex').test('lib/old.ex')).toBe(true);
    expect(globToRegExp('lib/**/old.ex').test('lib/a/b/old.ex')).toBe(true);
    expect(globToRegExp('./lib/legacy').test('lib/legacy/a.ex')).toBe(true);
    expect(globToRegExp('lib/?.ex').test('lib/ab.ex')).toBe(false);
  });
});

describe('a broken config file', () => {
  const errors = (text: string) => parseConfig(text, '.otp-advisor.json', RULE_IDS).errors;

  it('names the file and field of each problem', () => {
    expect(errors('{"rules": {"OTP001": "off"')).toEqual([{ file: '.otp-advisor.json', field: '(file)', message: expect.stringMatching(/^is not valid JSON/) }]);
    expect(errors('[]')).toEqual([{ file: '.otp-advisor.json', field: '(file)', message: 'must be a JSON object' }]);
    expect(errors('{"colour": true}')).toEqual([{ file: '.otp-advisor.json', field: 'colour', message: expect.stringContaining('not a known setting') }]);
    expect(errors('{"phase": "blue"}')).toEqual([{ file: '.otp-advisor.json', field: 'phase', message: 'must be one of red, green, refactor (got "blue")' }]);
    expect(errors('{"exclude": "lib/legacy"}')).toEqual([{ file: '.otp-advisor.json', field: 'exclude', message: 'must be an array of glob strings' }]);
    expect(errors('{"rules": []}')).toEqual([{ file: '.otp-advisor.json', field: 'rules', message: expect.stringContaining('must be an object') }]);
    expect(errors('{"rules": {"OTP999": "off"}}')).toEqual([{ file: '.otp-advisor.json', field: 'rules.OTP999', message: expect.stringContaining('not a known rule id') }]);
    expect(errors('{"rules": {"OTP001": "loud"}}')).toEqual([{ file: '.otp-advisor.json', field: 'rules.OTP001', message: expect.stringContaining('must be error, warning, information, hint or off') }]);
    expect(errors('{"rules": {"OTP001": {"blue": "off"}}}')).toEqual([{ file: '.otp-advisor.json', field: 'rules.OTP001.blue', message: expect.stringContaining('is not a phase') }]);
    expect(errors('{"rules": {"OTP001": {"green": "loud"}}}')).toEqual([{ file: '.otp-advisor.json', field: 'rules.OTP001.green', message: expect.stringContaining('must be error') }]);
  });

  it('keeps analysing, with the defaults where the file could not be read', () => {
    const invalid = project('{"rules": {"OTP001": "off"');
    expect(invalid.configErrors.map((e) => e.field)).toEqual(['(file)']);
    expect(report(invalid)).toEqual(['lib/calc.ex OTP001 warning', 'lib/loop.ex OTP023 error']);

    const partly = project('{"colour": 1, "phase": "blue", "rules": {"OTP999": "off", "OTP001": "loud", "OTP023": "warning"}, "exclude": ["lib/loop*"]}');
    expect(partly.configErrors.map((e) => `${e.file} ${e.field}`)).toEqual(['.otp-advisor.json colour', '.otp-advisor.json phase', '.otp-advisor.json rules.OTP999', '.otp-advisor.json rules.OTP001']);
    expect(partly.config.phase).toBeUndefined();
    // OTP001 keeps its default; the valid OTP023 setting and exclude glob are applied.
    expect(report(project('{"rules": {"OTP001": "loud", "OTP023": "warning"}}'))).toEqual(['lib/calc.ex OTP001 warning', 'lib/loop.ex OTP023 warning']);
    expect(report(partly)).toEqual(['lib/calc.ex OTP001 warning']);
  });

  it('reads the baseline path, and rejects one that is not a non-empty string', () => {
    expect(parseConfig('{"baseline": ".otp-advisor-baseline.json"}', '.otp-advisor.json', RULE_IDS).config.baseline).toBe('.otp-advisor-baseline.json');
    for (const bad of ['3', '""', '["a.json"]']) {
      expect(errors(`{"baseline": ${bad}}`)).toEqual([{ file: '.otp-advisor.json', field: 'baseline', message: 'must be the path of a baseline file, relative to the project root' }]);
    }
  });

  it('accepts a $schema key', () => {
    expect(errors('{"$schema": "./node_modules/otp-advisor/schemas/otp-advisor.schema.json"}')).toEqual([]);
  });
});
