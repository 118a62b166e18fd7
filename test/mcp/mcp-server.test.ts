// `otp-advisor mcp` as a process, driven by the MCP SDK's own client over stdio: the tools on
// examples/shop and the fixtures, the persona prompt, roots, bad paths and bad arguments.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ListRootsRequestSchema, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_IN_PERSONA } from '../../src/advisor/persona';
import { CONTEXT_REQUEST, type ContextResult } from '../../src/server/protocol';
import { CLI, FIXTURES, REPO, runCli, statelessGenServer, tempProject } from '../helpers/cli';
import { LspClient, uriOf } from '../helpers/lsp-client';

const SHOP = join(REPO, 'examples/shop');

interface Session {
  client: Client;
  stderr: () => string;
  close: () => Promise<void>;
}

/** Starts `otp-advisor mcp` in `cwd`; with `roots`, the client declares them (file URIs) and answers roots/list. */
async function connect(cwd: string, options: { roots?: string[]; args?: string[] } = {}): Promise<Session> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', ...(options.args ?? [])], cwd, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => (stderr += d));
  const client = new Client({ name: 'otp-advisor-test', version: '0' }, { capabilities: options.roots ? { roots: { listChanged: true } } : {} });
  if (options.roots) {
    const roots = options.roots;
    client.setRequestHandler(ListRootsRequestSchema, async () => ({ roots: roots.map((r) => ({ uri: pathToFileURL(r).href, name: r })) }));
  }
  await client.connect(transport);
  return { client, stderr: () => stderr, close: () => client.close() };
}

type Result = CallToolResult & { structuredContent?: Record<string, any> };

async function call(s: Session, name: string, args: Record<string, unknown> = {}): Promise<Result> {
  return (await s.client.callTool({ name, arguments: args })) as Result;
}

const text = (r: Result) => (r.content[0] as { text: string }).text;

describe('otp-advisor mcp on examples/shop (started in the project, no client roots)', () => {
  let s: Session;
  beforeAll(async () => {
    s = await connect(SHOP);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('lists the five read-only tools with input schemas, and the persona as a prompt', async () => {
    const { tools } = await s.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(['otp_check', 'otp_context', 'otp_explain', 'otp_inventory', 'otp_phase']);
    for (const t of tools) {
      expect(t.description!.length, t.name).toBeGreaterThan(60);
      expect(t.inputSchema.type).toBe('object');
      expect(t.annotations).toMatchObject({ readOnlyHint: true, openWorldHint: false });
    }
    expect(tools.find((t) => t.name === 'otp_context')!.inputSchema.required).toEqual(['file', 'line']);
    expect(tools.find((t) => t.name === 'otp_explain')!.inputSchema.required).toEqual(['rule']);

    const { prompts } = await s.client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['elixir-otp-expert']);
    const prompt = await s.client.getPrompt({ name: 'elixir-otp-expert', arguments: { phase: 'refactor' } });
    const body = (prompt.messages[0].content as { text: string }).text;
    expect(body).toContain(BUILT_IN_PERSONA.system);
    expect(body).toContain('The current phase is REFACTOR');
    expect(body).toMatch(/otp_check/);
  });

  it('otp_check finds what `otp-advisor check` finds, with the tests that exercise each, and the finding a test justified with that test', async () => {
    const r = await call(s, 'otp_check');
    expect(r.isError).toBeFalsy();
    const cli = JSON.parse(runCli(['check', '.', '--format', 'json', '--fail-on', 'never'], SHOP).stdout) as { findings: { rule: string; file: string; range: { start: { line: number; column: number } }; message: string }[] };
    const data = r.structuredContent!;
    expect(data.total).toBe(cli.findings.length);
    expect(data.findings.map((f: any) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`)).toEqual(
      cli.findings.map((f) => `${f.file}:${f.range.start.line}:${f.range.start.column} ${f.rule} ${f.message}`),
    );
    const visits = data.findings.find((f: any) => f.rule === 'OTP002');
    expect(visits).toMatchObject({ file: 'lib/shop/visits.ex', module: 'Shop.Visits', tests: [expect.objectContaining({ file: 'test/shop/visits_test.exs' })] });
    // Shop.Inventory's restart test justifies it: not a finding, but said, with the test.
    expect(data.justified).toEqual([
      expect.objectContaining({ rule: 'OTP002', file: 'lib/shop/inventory.ex', module: 'Shop.Inventory', justifiedBy: expect.objectContaining({ file: 'test/shop/inventory_test.exs', verifies: expect.arrayContaining(['restart']) }) }),
    ]);
    expect(text(r)).toMatch(/^8 findings in \d+ files; phase green \(no `mix test` run recorded/);
    expect(text(r)).toContain('lib/shop/cart.ex:23:52 error OTP023 genserver-self-call: ');
    expect(text(r)).toMatch(/Justified by a test \(not reported\): 1\nlib\/shop\/inventory\.ex:4 OTP002 .* test\/shop\/inventory_test\.exs:\d+ "the supervisor restarts the inventory after a crash" verifies restart/);
  });

  it('otp_check on one file and in another phase; pages through findings with offset and limit', async () => {
    const one = await call(s, 'otp_check', { path: 'lib/shop/checkout.ex', phase: 'refactor' });
    expect(one.structuredContent!.findings.map((f: any) => `${f.rule} ${f.severity}`)).toEqual(['OTP007 information', 'OTP020 warning']);
    expect(text(one)).toMatch(/^2 findings in 1 file; phase refactor\./);

    const first = await call(s, 'otp_check', { limit: 3 });
    expect(first.structuredContent).toMatchObject({ total: 8, offset: 0, nextOffset: 3 });
    expect(first.structuredContent!.findings).toHaveLength(3);
    expect(text(first)).toContain('… 5 more: call again with offset 3.');
    const last = await call(s, 'otp_check', { limit: 3, offset: 6 });
    expect(last.structuredContent!.findings.map((f: any) => f.rule)).toEqual(['OTP003', 'OTP002']);
    expect(last.structuredContent!.nextOffset).toBeUndefined();
    expect(text(last)).toContain('(findings 7–8 of 8)');
  });

  it('otp_explain gives the rule as markdown, framed for a phase when given one', async () => {
    const plain = await call(s, 'otp_explain', { rule: 'OTP004' });
    expect(text(plain)).toMatch(/^# OTP004 premature-supervisor/m);
    const green = await call(s, 'otp_explain', { rule: 'otp001', phase: 'green' });
    expect(text(green)).toMatch(/^### OTP001 stateless-genserver\n\n\*\*GREEN: /);
    expect(green.structuredContent).toMatchObject({ rule: 'OTP001', phase: 'green' });
    const unknown = await call(s, 'otp_explain', { rule: 'OTP999' });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toMatch(/Unknown rule "OTP999". Rules: OTP001, /);
  });

  it('otp_inventory gives the supervision tree, start sites and the tests that justify processes', async () => {
    const r = await call(s, 'otp_inventory');
    const [project] = r.structuredContent!.projects;
    expect(project.root).toBe('.');
    expect(project.tree).toEqual([
      {
        module: 'Shop.Application',
        behaviour: 'Application',
        children: [
          { module: 'Shop.Settings', behaviour: 'Agent', children: [] },
          { module: 'Shop.PriceCalculator', behaviour: 'GenServer', children: [] },
          { module: 'Shop.Visits', behaviour: 'GenServer', children: [] },
          { module: 'Shop.Inventory', behaviour: 'GenServer', children: [] },
          { module: 'Shop.CartSupervisor', behaviour: 'Supervisor', children: [{ module: 'Shop.Cart', behaviour: 'GenServer', children: [] }] },
          { module: 'Shop.Reminder', behaviour: 'GenServer', children: [] },
        ],
      },
    ]);
    const inventory = project.processes.find((p: any) => p.module === 'Shop.Inventory');
    expect(inventory).toMatchObject({
      behaviour: 'GenServer',
      file: 'lib/shop/inventory.ex',
      supervisedBy: ['Shop.Application'],
      startedAt: [expect.objectContaining({ call: 'GenServer.start_link', file: 'lib/shop/inventory.ex' })],
      justifiedBy: [expect.objectContaining({ file: 'test/shop/inventory_test.exs', verifies: expect.arrayContaining(['restart']) })],
    });
    expect(project.processes.find((p: any) => p.module === 'Shop.PriceCalculator')).toMatchObject({ justifiedBy: [], tests: 0 });
    expect(project.otherStarts).toEqual([expect.objectContaining({ call: 'Task.async', module: 'Shop.Checkout', file: 'lib/shop/checkout.ex', line: 6 })]);
    expect(text(r)).toContain('    - Shop.CartSupervisor (Supervisor)\n      - Shop.Cart (GenServer)');
  });

  it('otp_context returns exactly what the chat sends about the finding on a line (the language server builds the same message)', async () => {
    const r = await call(s, 'otp_context', { file: 'lib/shop/price_calculator.ex', line: 3 });
    expect(r.isError).toBeFalsy();
    const data = r.structuredContent!;
    expect(data.finding).toMatchObject({ rule: 'OTP001', file: 'lib/shop/price_calculator.ex', line: 3 });
    expect(data.message).toMatch(/^## TDD phase\n\nGREEN: making the tests pass/);
    expect(data.message).toContain('## Code: lib/shop/price_calculator.ex (Shop.PriceCalculator)');
    expect(data.explanation).toMatch(/^### OTP001 stateless-genserver/);
    expect(text(r)).toContain(data.message);

    const lsp = new LspClient();
    try {
      await lsp.initialize(SHOP);
      const uri = uriOf(SHOP, 'lib/shop/price_calculator.ex');
      await lsp.waitFor(() => lsp.codes(uri).includes('OTP001'), 'OTP001 from the language server');
      const finding = lsp.diagnostics.get(uri)!.find((d) => d.code === 'OTP001')!;
      const chat = (await lsp.connection.sendRequest(CONTEXT_REQUEST, {
        uri,
        line: finding.range.start.line,
        finding: finding.data,
        question: 'Do I really need a process here? What is the simplest change for my current phase?',
        phaseSource: { kind: 'test-run', summary: data.message.match(/detected from the last test run \((.*)\)\.\n/)[1] },
      })) as ContextResult;
      expect(chat.preview.message).toBe(data.message);
      expect(chat.explanation).toBe(data.explanation);
    } finally {
      await lsp.stop();
    }
  });

  it('otp_context without a finding on the line quotes the code around it and asks the given question', async () => {
    const r = await call(s, 'otp_context', { file: 'lib/shop/checkout.ex', line: 16, question: 'Should gross/1 cache the VAT rate?' });
    expect(r.structuredContent!.finding).toBeUndefined();
    expect(r.structuredContent!.message).toContain('## Code: lib/shop/checkout.ex (Shop.Checkout)');
    expect(r.structuredContent!.message).toMatch(/## Question\n\nShould gross\/1 cache the VAT rate\?$/);
  });

  it('refuses paths outside the working directory, and through a link, with a clear error', async () => {
    for (const path of ['/etc', '..', '../../test/fixtures/projects/premature']) {
      const r = await call(s, 'otp_check', { path });
      expect(r.isError, path).toBe(true);
      expect(text(r)).toContain(`${path} is outside the allowed roots (${SHOP})`);
    }
    const ctx = await call(s, 'otp_context', { file: join(REPO, 'src/cli/main.ts'), line: 1 });
    expect(ctx.isError).toBe(true);
    expect(text(ctx)).toContain('outside the allowed roots');
  });

  it('answers bad paths and bad arguments with isError results and keeps serving', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['otp_check', { path: 'lib/nowhere' }, /^lib\/nowhere: no such file or directory\.$/],
      ['otp_check', { limit: 'x' }, /Invalid arguments for tool otp_check: .*limit/],
      ['otp_check', { limit: 0 }, /Invalid arguments for tool otp_check/],
      ['otp_check', { phase: 'blue' }, /Invalid arguments for tool otp_check: .*phase/],
      ['otp_context', { file: 'lib/shop/cart.ex' }, /Invalid arguments for tool otp_context: .*line/],
      ['otp_context', { file: 'lib/shop/cart.ex', line: 0 }, /Invalid arguments for tool otp_context/],
      ['otp_context', { file: 'lib/shop/cart.ex', line: 999 }, /^lib\/shop\/cart\.ex has 2\d lines; line 999 is past its end\.$/],
      ['otp_context', { file: 'mix.lock', line: 1 }, /no such file or directory/],
      ['otp_context', { file: 'lib/shop/cart.ex', line: 2, rule: 'OTP005' }, /^No context: no OTP005 finding in lib\/shop\/cart\.ex in phase green\.$/],
      ['otp_explain', {}, /Invalid arguments for tool otp_explain: .*rule/],
      ['otp_nope', {}, /Tool otp_nope not found/],
    ];
    for (const [name, args, message] of cases) {
      const r = await call(s, name, args);
      expect(r.isError, `${name} ${JSON.stringify(args)}`).toBe(true);
      expect(text(r), `${name} ${JSON.stringify(args)}`).toMatch(message);
    }
    expect((await s.client.listTools()).tools).toHaveLength(5);
    expect(s.stderr()).toBe('');
  });
});

describe('otp-advisor mcp with the roots the client gives', () => {
  let s: Session;
  const outside = mkdtempSync(join(tmpdir(), 'otp-advisor-mcp-outside-'));
  beforeAll(async () => {
    // Started in the repository, but the client shares only the fixture projects.
    s = await connect(REPO, { roots: [FIXTURES] });
  });
  afterAll(async () => {
    await s?.close();
    rmSync(outside, { recursive: true, force: true });
  });

  it('resolves relative paths against the first root and reports a justified fixture', async () => {
    const r = await call(s, 'otp_check', { path: 'justified-otp' });
    expect(r.isError).toBeFalsy();
    expect(r.structuredContent!.findings).toEqual([]);
    expect(r.structuredContent!.justified.map((j: any) => `${j.rule} ${j.file} ${j.justifiedBy.file} ${j.justifiedBy.verifies}`)).toEqual([
      'OTP001 justified-otp/lib/rates/converter.ex justified-otp/test/rates/supervisor_test.exs restart',
      'OTP004 justified-otp/lib/rates/supervisor.ex justified-otp/test/rates/supervisor_test.exs restart',
    ]);
    const inv = await call(s, 'otp_inventory', { path: 'justified-otp' });
    expect(inv.structuredContent!.projects[0].tree).toEqual([
      { module: 'Rates.Supervisor', behaviour: 'Supervisor', children: [{ module: 'Rates.Converter', behaviour: 'GenServer', children: [] }] },
    ]);
  });

  it('covers every app of an umbrella', async () => {
    const r = await call(s, 'otp_check', { path: join(FIXTURES, 'umbrella') });
    expect(r.structuredContent!.findings.map((f: any) => `${f.file} ${f.rule} ${f.tests.map((t: any) => t.file)}`)).toEqual([
      'umbrella/apps/a/lib/a/taxes.ex OTP001 umbrella/apps/a/test/a_test.exs',
    ]);
    expect(text(r)).toMatch(/^1 finding in 8 files;/);
    const inv = await call(s, 'otp_inventory', { path: 'umbrella' });
    expect(inv.structuredContent!.projects).toHaveLength(1);
    // A test in app b justifies app a's Pricer: the umbrella is one project.
    expect(inv.structuredContent!.projects[0]).toMatchObject({
      root: 'umbrella',
      processes: [
        expect.objectContaining({ module: 'A.Pricer', justifiedBy: [expect.objectContaining({ file: 'umbrella/apps/b/test/checkout_test.exs', verifies: ['restart'] })] }),
        expect.objectContaining({ module: 'A.Taxes', file: 'umbrella/apps/a/lib/a/taxes.ex', justifiedBy: [], tests: 1 }),
      ],
    });
  });

  it('refuses the working directory itself, which the client did not share, and a link leading out of a root', async () => {
    const r = await call(s, 'otp_check', { path: join(REPO, 'examples/shop') });
    expect(r.isError).toBe(true);
    expect(text(r)).toBe(`${join(REPO, 'examples/shop')} is outside the allowed roots (${FIXTURES}). OTP Advisor only reads the folders the client shared (or the folder it was started in).`);
    const link = join(FIXTURES, 'premature', 'link-out.tmp');
    writeFileSync(join(outside, 'secret.ex'), 'defmodule Secret do\nend\n');
    symlinkSync(outside, link);
    try {
      const viaLink = await call(s, 'otp_check', { path: 'premature/link-out.tmp' });
      expect(viaLink.isError).toBe(true);
      expect(text(viaLink)).toContain('is outside the allowed roots');
    } finally {
      rmSync(link);
    }
  });
});

describe('otp_phase', () => {
  const manifest = (dir: string, name: string) => {
    const to = join(dir, '_build/test/lib/demo/.mix/.mix_test_failures');
    mkdirSync(join(to, '..'), { recursive: true });
    copyFileSync(join(REPO, 'test/fixtures/mix-manifests', name), to);
    return to;
  };

  it('reads the last mix test run Mix recorded, the files edited since, and the config', async () => {
    const { dir, cleanup } = tempProject({ 'lib/demo/calc.ex': statelessGenServer(), 'test/demo/calc_test.exs': 'defmodule Demo.CalculatorTest do\n  use ExUnit.Case\nend\n' });
    const s = await connect(dir);
    try {
      let r = await call(s, 'otp_phase');
      expect(text(r)).toBe('.: GREEN — no `mix test` run recorded under _build/test and no "phase" in .otp-advisor.json: GREEN by default.');

      const file = manifest(dir, 'passed.bin');
      const later = new Date(Date.now() + 60_000);
      utimesSync(file, later, later);
      r = await call(s, 'otp_phase');
      expect(r.structuredContent!.projects[0]).toMatchObject({ phase: 'refactor', source: 'mix-test', run: { failures: 0, manifests: ['_build/test/lib/demo/.mix/.mix_test_failures'] } });
      expect(text(r)).toMatch(/^\.: REFACTOR — the last `mix test` \(.*\) passed\.$/);
      // The check judges in that phase when none is given: OTP001 becomes information.
      expect((await call(s, 'otp_check')).structuredContent!.findings.map((f: any) => f.severity)).toEqual(['information']);

      manifest(dir, 'three-failures.bin');
      utimesSync(file, later, later);
      r = await call(s, 'otp_phase');
      expect(r.structuredContent!.projects[0]).toMatchObject({ phase: 'green', run: { failures: 3 } });
      expect(text(r)).toContain('had 3 failures, nothing edited since.');
      expect(text(r)).toContain('failing: Shop.CheckoutTest "test gross price includes VAT" (/tmp/mixprobe20/test/shop/checkout_test.exs)');

      // A test edited after the failing run: writing a new failing test, RED.
      const evenLater = new Date(Date.now() + 120_000);
      utimesSync(join(dir, 'test/demo/calc_test.exs'), evenLater, evenLater);
      r = await call(s, 'otp_phase');
      expect(text(r)).toMatch(/^\.: RED — .* had 3 failures, test files edited since \(test\/demo\/calc_test\.exs\)\./);

      writeFileSync(join(dir, '.otp-advisor.json'), '{ "phase": "refactor" }');
      r = await call(s, 'otp_phase');
      expect(r.structuredContent!.projects[0]).toMatchObject({ phase: 'refactor', source: 'config', run: { failures: 3 } });
      expect(text(r)).toContain('REFACTOR — set to refactor by "phase" in .otp-advisor.json');
    } finally {
      await s.close();
      cleanup();
    }
  });
});

describe('large results and secrets', () => {
  it('pages 150 findings 100 at a time and caps the inventory list', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 150; i++) files[`lib/demo/calc${i}.ex`] = statelessGenServer(`Calc${i}`);
    const { dir, cleanup } = tempProject(files);
    const s = await connect(dir);
    try {
      const r = await call(s, 'otp_check');
      // 100 findings per page, unless their text would pass the cap first: the page then ends early and says where to go on.
      const { findings, nextOffset } = r.structuredContent!;
      expect(findings.length).toBeLessThanOrEqual(100);
      expect(nextOffset).toBe(findings.length);
      expect(text(r).length).toBeLessThanOrEqual(24_000);
      expect(text(r)).toContain(`… ${150 - findings.length} more: call again with offset ${findings.length}.`);
      const seen = new Set(findings.map((f: any) => f.file));
      for (let offset = nextOffset; offset !== undefined; ) {
        const page = (await call(s, 'otp_check', { offset })).structuredContent!;
        for (const f of page.findings) seen.add(f.file);
        offset = page.nextOffset;
      }
      expect(seen.size).toBe(150);
      const small = await call(s, 'otp_check', { limit: 20 });
      expect(small.structuredContent).toMatchObject({ nextOffset: 20 });
      const inv = await call(s, 'otp_inventory', { limit: 10 });
      expect(inv.structuredContent!.projects[0]).toMatchObject({ processesNotShown: 140 });
      expect(text(inv)).toContain('… 140 more (raise limit to see them).');
    } finally {
      await s.close();
      cleanup();
    }
  });

  it('redacts secrets in the context as the chat does', async () => {
    const secret = 'sk-ant-api03-abcdefghijklmnopqrstuvwx';
    const code = statelessGenServer().replace('  use GenServer\n', `  use GenServer\n  @api_key "${secret}"\n`);
    const { dir, cleanup } = tempProject({ 'lib/demo/calc.ex': code });
    const s = await connect(dir);
    try {
      const r = await call(s, 'otp_context', { file: 'lib/demo/calc.ex', line: 2 });
      expect(r.structuredContent!.redactions).toBeGreaterThan(0);
      expect(text(r)).not.toContain(secret);
      expect(text(r)).toContain('@api_key "«redacted»"');
    } finally {
      await s.close();
      cleanup();
    }
  });
});

describe('otp-advisor mcp usage errors', () => {
  it('refuses a --root that is not a folder, before speaking MCP', () => {
    const r = runCli(['mcp', '--root', join(REPO, 'package.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--root');
  });

  it('serves the --root folders when the client gives none', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'otp-advisor-mcp-root-'));
    cpSync(join(FIXTURES, 'justified-otp'), copy, { recursive: true });
    const s = await connect(REPO, { args: ['--root', copy] });
    try {
      const r = await call(s, 'otp_check');
      expect(r.structuredContent!.justified).toHaveLength(2);
      expect(text(await call(s, 'otp_check', { path: SHOP }))).toContain('outside the allowed roots');
    } finally {
      await s.close();
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
