import { describe, expect, it } from 'vitest';
import { concretePhase, DEFAULTS, readSection, readSettings, serverSection } from '../../src/analysis/editor-settings';

const from = (values: Record<string, unknown>) => readSettings((key) => values[key]);

describe('readSettings', () => {
  it('gives the defaults when nothing is set', () => {
    expect(from({})).toEqual(DEFAULTS);
  });

  it('reads valid values', () => {
    expect(
      from({
        phase: 'refactor',
        rules: { OTP010: 'off', OTP002: { refactor: 'off' } },
        exclude: ['lib/legacy/**'],
        debounceMs: 0,
        baselined: 'hint',
        maxFileSize: 0.5,
        'advisor.model': ' claude-haiku-4-5 ',
        'advisor.maxTokens': 1024,
        'advisor.apiBaseUrl': 'https://gateway.example.com/anthropic/',
        'advisor.persona': ' beam-mentor ',
      }),
    ).toEqual({
      phase: 'refactor',
      rules: { OTP010: 'off', OTP002: { refactor: 'off' } },
      exclude: ['lib/legacy/**'],
      debounceMs: 0,
      baselined: 'hint',
      maxFileSize: 0.5,
      advisor: { model: 'claude-haiku-4-5', maxTokens: 1024, apiBaseUrl: 'https://gateway.example.com/anthropic', persona: 'beam-mentor' },
    });
  });

  it.each([
    ['phase', 'blue', 'phase', DEFAULTS.phase],
    ['rules', ['OTP001'], 'rules', {}],
    ['exclude', 'lib/**', 'exclude', []],
    ['debounceMs', -5, 'debounceMs', DEFAULTS.debounceMs],
    ['debounceMs', '100', 'debounceMs', DEFAULTS.debounceMs],
    ['baselined', 'show', 'baselined', DEFAULTS.baselined],
    ['maxFileSize', 0, 'maxFileSize', DEFAULTS.maxFileSize],
    ['maxFileSize', '4', 'maxFileSize', DEFAULTS.maxFileSize],
  ] as const)('falls back to the default for a bad %s (%j)', (key, value, field, expected) => {
    expect(from({ [key]: value })[field]).toEqual(expected);
  });

  it('drops non-string and blank globs', () => {
    expect(from({ exclude: ['a/**', 3, ' ', null, 'b'] }).exclude).toEqual(['a/**', 'b']);
  });

  it.each([
    ['ftp://example.com', DEFAULTS.advisor.apiBaseUrl],
    ['not a url', DEFAULTS.advisor.apiBaseUrl],
    ['', DEFAULTS.advisor.apiBaseUrl],
    ['http://localhost:8080', 'http://localhost:8080'],
  ])('keeps only http(s) API base URLs (%j)', (url, expected) => {
    expect(from({ 'advisor.apiBaseUrl': url }).advisor.apiBaseUrl).toBe(expected);
  });

  it.each([0, -1, 1.5, '4096'])('rejects max tokens %j', (n) => {
    expect(from({ 'advisor.maxTokens': n }).advisor.maxTokens).toBe(DEFAULTS.advisor.maxTokens);
  });
});

describe('serverSection', () => {
  it('replaces the phase with the phase in effect, so the server never sees auto', () => {
    expect(serverSection({ phase: 'auto', rules: { OTP001: 'off' }, exclude: [], debounceMs: 150 }, 'red')).toEqual({
      phase: 'red',
      rules: { OTP001: 'off' },
      exclude: [],
      debounceMs: 150,
    });
    expect(serverSection(null, 'green')).toEqual({ phase: 'green' });
  });
});

describe('the server reads the same settings', () => {
  it('from a nested workspace/configuration section, with the same defaults, auto judged as GREEN', () => {
    const section = { phase: 'auto', rules: { OTP010: 'off' }, exclude: ['deps', 3], debounceMs: -1, baselined: 'hint', advisor: { model: ' claude-opus-5 ' } };
    const read = readSection(section);
    expect(read).toEqual({ ...DEFAULTS, rules: { OTP010: 'off' }, exclude: ['deps'], baselined: 'hint', advisor: { ...DEFAULTS.advisor, model: 'claude-opus-5' } });
    expect(concretePhase(read.phase)).toBe('green');
    expect(concretePhase(readSection({ phase: 'refactor' }).phase)).toBe('refactor');
    expect(readSection(null)).toEqual(DEFAULTS);
  });
});
