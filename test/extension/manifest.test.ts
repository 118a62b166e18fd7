// The extension's static parts agree with its code: commands, settings, grammars, schema, trust.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSuppressions } from '../../src/analysis/suppress';
import { CHAT_VIEW_ID, commandId, COMMAND_NAMES } from '../../src/extension/command-ids';
import { DEFAULTS, PHASE_SETTINGS } from '../../src/analysis/editor-settings';
import { ASK_EXPERT_COMMAND, COMMANDS } from '../../src/server/protocol';

const root = join(__dirname, '../..');
const json = (file: string) => JSON.parse(readFileSync(join(root, file), 'utf8'));
const pkg = json('package.json');
const { contributes } = pkg;
type SettingsSection = { title: string; properties: Record<string, { default?: unknown; enum?: unknown; scope?: string; markdownDescription?: string }> };
const settings = (contributes.configuration as SettingsSection[]).reduce<SettingsSection['properties']>((all, s) => ({ ...all, ...s.properties }), {});

describe('package.json', () => {
  it('starts dist/extension.js on Elixir files and mix projects, on VS Code 1.93+', () => {
    expect(pkg.main).toBe('./dist/extension.js');
    expect(pkg.engines.vscode).toBe('^1.93.0');
    expect(pkg.activationEvents).toEqual(['onLanguage:elixir', 'workspaceContains:**/mix.exs']);
    expect(existsSync(join(root, pkg.icon))).toBe(true);
  });

  it('contributes the elixir language id and its configuration, so a user with no Elixir extension still gets diagnostics', () => {
    expect(contributes.languages).toEqual([expect.objectContaining({ id: 'elixir', extensions: ['.ex', '.exs'] })]);
    expect(json(contributes.languages[0].configuration).comments.lineComment).toBe('#');
  });

  it("leaves Elixir highlighting to ElixirLS or Expert: only the suppression-comment injection, no source.elixir grammar", () => {
    // Two grammars for one scope name: the last loaded wins, and ElixirLS's or Expert's highlighting would be lost.
    for (const g of contributes.grammars) {
      expect(g.scopeName).not.toBe('source.elixir');
      expect(g.language, g.scopeName).toBeUndefined();
      expect(json(g.path).scopeName).toBe(g.scopeName);
    }
    expect(contributes.grammars).toEqual([expect.objectContaining({ scopeName: 'otp-advisor.suppression.injection', injectTo: ['source.elixir'] })]);
    const contributed = contributes.grammars.map((g: { path: string }) => g.path.replace(/^\.\//, ''));
    expect(readdirSync(join(root, 'syntaxes')).map((f) => `syntaxes/${f}`)).toEqual(contributed);
  });

  it('asks for the Node the test runner needs, as the README says', () => {
    const lowestMajor = (range: string) => Math.min(...[...range.matchAll(/(\d+)\.?/g)].map((m) => Number(m[1])).filter((n) => n >= 10));
    const vitest = JSON.parse(readFileSync(join(root, 'node_modules/vitest/package.json'), 'utf8'));
    expect(pkg.engines.node).toBe('>=20');
    expect(lowestMajor(pkg.engines.node)).toBeGreaterThanOrEqual(lowestMajor(vitest.engines.node));
    expect(readFileSync(join(root, 'README.md'), 'utf8')).toContain(`you need Node ${lowestMajor(pkg.engines.node)} or later`);
  });

  it('validates .otp-advisor.json with the schema', () => {
    expect(contributes.jsonValidation).toEqual([{ fileMatch: '.otp-advisor.json', url: './schemas/otp-advisor.schema.json' }]);
    expect(json(contributes.jsonValidation[0].url).title).toContain('.otp-advisor.json');
  });

  it('contributes exactly the commands the table implements, none shadowing a server command', () => {
    const ids = contributes.commands.map((c: { command: string }) => c.command);
    expect(ids.sort()).toEqual(COMMAND_NAMES.map(commandId).sort());
    for (const id of Object.values(COMMANDS)) expect(ids).not.toContain(id);
  });

  it('puts one short list in the palette: one Ask OTP Expert (a finding under the cursor, else the chat), title case throughout', () => {
    const titles = contributes.commands.map((c: { title: string; category: string }) => `${c.category}: ${c.title}`);
    expect(titles).toEqual([
      'OTP Advisor: Set TDD Phase',
      'OTP Advisor: Run Tests and Detect Phase',
      'OTP Advisor: Analyze Workspace',
      'OTP Advisor: Show Rule Explanation',
      'OTP Advisor: Restart Server',
      'OTP Advisor: Show Output',
      'OTP Advisor: Ask OTP Expert',
      'OTP Advisor: Set Anthropic API Key',
      'OTP Advisor: Clear Anthropic API Key',
      'OTP Advisor: Choose OTP Expert Persona',
      'OTP Advisor: New OTP Expert Conversation',
    ]);
    const small = new Set(['and', 'or', 'the', 'of', 'a', 'to', 'on', 'about', 'with']);
    for (const t of titles) for (const word of t.split(/[\s:]+/)) expect(small.has(word) || /^[A-Z]/.test(word), `${word} in ${t}`).toBe(true);
    // The quick fix asks through the same command the palette shows.
    expect(ASK_EXPERT_COMMAND).toBe(commandId('askExpert'));
    expect(JSON.stringify(pkg)).not.toMatch(/OTP expert/);
  });

  it('contributes the chat as a webview view in its own activity-bar container, with a New Conversation action', () => {
    const [container] = contributes.viewsContainers.activitybar;
    expect(existsSync(join(root, container.icon))).toBe(true);
    expect(contributes.views[container.id]).toEqual([expect.objectContaining({ type: 'webview', id: CHAT_VIEW_ID })]);
    expect(contributes.menus['view/title']).toContainEqual(expect.objectContaining({ command: 'otpAdvisor.newConversation', when: `view == ${CHAT_VIEW_ID}` }));
  });

  it('declares every setting the extension and the server read, with the same defaults, under "OTP Advisor: …" titles', () => {
    expect(contributes.configuration.map((s: SettingsSection) => s.title)).toEqual(['OTP Advisor: Findings', 'OTP Advisor: OTP Expert']);
    const props = settings;
    expect(Object.keys(props).sort()).toEqual(
      ['phase', 'rules', 'exclude', 'debounceMs', 'baselined', 'maxFileSize', 'advisor.model', 'advisor.maxTokens', 'advisor.apiBaseUrl', 'advisor.persona', 'trace.server'].map((k) => `otpAdvisor.${k}`).sort(),
    );
    expect(props['otpAdvisor.phase'].enum).toEqual(PHASE_SETTINGS);
    expect(props['otpAdvisor.phase'].default).toBe(DEFAULTS.phase);
    expect(props['otpAdvisor.debounceMs'].default).toBe(DEFAULTS.debounceMs);
    expect(props['otpAdvisor.baselined'].default).toBe(DEFAULTS.baselined);
    expect(props['otpAdvisor.maxFileSize'].default).toBe(DEFAULTS.maxFileSize);
    expect(props['otpAdvisor.advisor.model'].default).toBe(DEFAULTS.advisor.model);
    expect(props['otpAdvisor.advisor.maxTokens'].default).toBe(DEFAULTS.advisor.maxTokens);
    expect(props['otpAdvisor.advisor.apiBaseUrl'].default).toBe(DEFAULTS.advisor.apiBaseUrl);
    for (const [key, p] of Object.entries<{ markdownDescription?: string }>(props)) expect(p.markdownDescription, key).toBeTruthy();
  });

  it('runs with limited support in untrusted workspaces, where a workspace cannot redirect the API key', () => {
    const trust = pkg.capabilities.untrustedWorkspaces;
    expect(trust.supported).toBe('limited');
    expect(trust.description).toMatch(/mix test/);
    expect(trust.restrictedConfigurations).toContain('otpAdvisor.advisor.apiBaseUrl');
    expect(settings['otpAdvisor.advisor.apiBaseUrl']!.scope).toBe('machine');
  });
});

describe('grammars', () => {
  const regexes = (node: unknown, out: string[] = []): string[] => {
    if (Array.isArray(node)) node.forEach((n) => regexes(n, out));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.push(v);
        else regexes(v, out);
      }
    }
    return out;
  };

  it.each(['syntaxes/otp-advisor-suppression.tmLanguage.json'])('%s has only well-formed patterns', (file) => {
    const all = regexes(json(file));
    expect(all.length).toBeGreaterThan(0);
    // Oniguruma, not JavaScript, runs them; the grammar keeps to the syntax both share.
    for (const source of all) expect(() => new RegExp(source), source).not.toThrow();
  });

  it('highlights the suppression comments the analysis reads, and their rule ids', () => {
    const directive = json('syntaxes/otp-advisor-suppression.tmLanguage.json').repository.directive;
    const begin = new RegExp(directive.begin);
    const id = new RegExp(directive.patterns[0].match, 'g');
    const lines = [
      '# otp-advisor:disable-next-line OTP001, OTP002',
      '  #otp-advisor:disable-file otp010',
      '  use GenServer # otp-advisor:disable-next-line',
      '# otp-advisor: disable-next-line OTP001',
      '# see otp-advisor:disable-next-line-ish docs',
      '# OTP001 is about stateless servers',
    ];
    for (const line of lines) {
      const found = readSuppressions(`${line}\nx`);
      const silences = found.file !== undefined || found.lines.size > 0;
      const m = begin.exec(line);
      expect(!!m, line).toBe(silences);
      if (!m) continue;
      const highlighted = (line.slice(m.index + m[0].length).match(id) ?? []).map((s) => s.toUpperCase());
      const ids = found.file ?? found.lines.get(1)!;
      expect(highlighted, line).toEqual(ids === 'all' ? [] : [...ids]);
    }
  });
});
