// The Claude Code plugin in integrations/claude-code: its manifest, its agent and the marketplace entry
// are well formed, and the MCP and LSP commands it declares are ones our CLI really serves.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { describe, expect, it } from 'vitest';
import { parseAgentFile } from '../../src/advisor/agent-files';
import { TOOL_NAMES } from '../../src/mcp/tool-catalog';
import { CLI, REPO } from '../helpers/cli';
import { LspClient } from '../helpers/lsp-client';

const PLUGIN = join(REPO, 'integrations/claude-code');
const json = (file: string) => JSON.parse(readFileSync(file, 'utf8'));
const manifest = json(join(PLUGIN, '.claude-plugin/plugin.json'));
const pkg = json(join(REPO, 'package.json'));

/** `npx -y otp-advisor <args>` as our built CLI. */
function asLocalCli(server: { command: string; args: string[] }): string[] {
  expect(server.command).toBe('npx');
  expect(server.args.slice(0, 2)).toEqual(['-y', pkg.name]);
  return [CLI, ...server.args.slice(2)];
}

describe('Claude Code plugin manifest', () => {
  it('has the required name, a version matching the package and a description', () => {
    expect(manifest.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(manifest.version).toBe(pkg.version);
    expect(manifest.description.length).toBeGreaterThan(40);
    expect(manifest.author.name).toBeTruthy();
    // Only fields Claude Code's manifest knows (it rejects others).
    const known = ['name', 'version', 'description', 'author', 'homepage', 'repository', 'license', 'keywords', 'commands', 'agents', 'skills', 'hooks', 'mcpServers', 'lspServers', 'outputStyles'];
    for (const key of Object.keys(manifest)) expect(known, key).toContain(key);
    // Agents are found in agents/ at the plugin root, not in .claude-plugin/.
    expect(readdirSync(join(PLUGIN, 'agents'))).toEqual(['elixir-otp-expert.md']);
    expect(readdirSync(join(PLUGIN, '.claude-plugin'))).toEqual(['plugin.json']);
  });

  it('declares an MCP server that is `otp-advisor mcp` and serves every tool', async () => {
    const servers = Object.entries<{ command: string; args: string[] }>(manifest.mcpServers);
    expect(servers.map(([name]) => name)).toEqual(['otp-advisor']);
    const args = asLocalCli(servers[0][1]);
    expect(args.slice(1)).toEqual(['mcp']);
    const client = new Client({ name: 'plugin-test', version: '0' });
    await client.connect(new StdioClientTransport({ command: process.execPath, args, cwd: join(REPO, 'examples/shop') }));
    try {
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(TOOL_NAMES);
      expect((await client.listPrompts()).prompts.map((p) => p.name)).toEqual(['elixir-otp-expert']);
    } finally {
      await client.close();
    }
  });

  it('declares our language server for .ex and .exs files, with the arguments the CLI takes', async () => {
    const servers = Object.entries<{ command: string; args: string[]; extensionToLanguage: Record<string, string> }>(manifest.lspServers);
    expect(servers.map(([name]) => name)).toEqual(['otp-advisor']);
    const [, lsp] = servers[0];
    expect(lsp.extensionToLanguage).toEqual({ '.ex': 'elixir', '.exs': 'elixir' });
    // The test client starts the server with exactly these arguments.
    expect(asLocalCli(lsp).slice(1)).toEqual(['lsp', '--stdio']);
    const client = new LspClient();
    try {
      const init = await client.initialize(join(REPO, 'examples/shop'));
      expect(init.serverInfo?.name).toBe('otp-advisor');
    } finally {
      await client.stop();
    }
  });

  it('is listed in the repository marketplace, pointing at this folder', () => {
    const market = json(join(REPO, '.claude-plugin/marketplace.json'));
    expect(market.name).toMatch(/^[a-z0-9-]+$/);
    expect(market.owner.name).toBeTruthy();
    expect(market.plugins).toEqual([expect.objectContaining({ name: manifest.name, source: './integrations/claude-code' })]);
    expect(existsSync(join(REPO, market.plugins[0].source, '.claude-plugin/plugin.json'))).toBe(true);
  });
});

describe('elixir-otp-expert agent', () => {
  const file = join(PLUGIN, 'agents/elixir-otp-expert.md');
  const text = readFileSync(file, 'utf8');

  it('parses as a Claude Code agent file, as the extension reads one', () => {
    const parsed = parseAgentFile(text, file);
    if (!parsed.ok) throw new Error(`${parsed.error.message}`);
    expect(parsed.persona.name).toBe('elixir-otp-expert');
    expect(parsed.persona.description).toMatch(/OTP Advisor tools/);
    expect(parsed.persona.system.length).toBeGreaterThan(1500);
  });

  it('names only tools the MCP server has, and all of them, and advises by phase', () => {
    const mentioned = new Set(text.match(/\botp_[a-z_]+\b/g));
    expect([...mentioned].sort()).toEqual([...TOOL_NAMES].sort());
    for (const phase of ['RED', 'GREEN', 'REFACTOR']) expect(text).toContain(`**${phase}**`);
    // Rule ids it cites exist.
    const rules = new Set(text.match(/\bOTP\d{3}\b/g));
    const known = new Set(readdirSync(join(REPO, 'docs/rules')).map((f) => f.slice(0, 6).toUpperCase()));
    for (const r of rules) expect(known, r).toContain(r);
  });
});
