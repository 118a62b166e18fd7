// The language server in another editor: Debian's Neovim (0.7, headless) loads the README's
// init.lua snippet as written, opens a flagged file of examples/shop and reads the finding through
// vim.diagnostic.get(); then the README's phase-switch line turns it into information (REFACTOR); then
// the finding's "Show OTP001 explanation" code action runs as Neovim runs it (workspace/executeCommand),
// though Neovim 0.7 has no window/showDocument: the explanation comes back as text and a message.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { e2eEnv, skipWithout } from './support/env';
import { copyShop } from './support/project';
import { scaled } from './support/timeouts';

const env = e2eEnv();
const root = join(__dirname, '../..');

/** The README's Neovim init.lua and its phase-switch command, exactly as the README shows them. */
export function readmeNeovimSnippet(readme: string): { initLua: string; switchPhase: string } {
  const section = readme.slice(readme.indexOf('**Neovim**'), readme.indexOf('**Helix**'));
  const initLua = /```lua\n([\s\S]*?)```/.exec(section)?.[1];
  const switchPhase = /`:(lua [^`]*workspace\/didChangeConfiguration[^`]*)`/.exec(section)?.[1];
  if (!initLua || !switchPhase) throw new Error('README.md: no Neovim snippet under **Neovim**');
  return { initLua, switchPhase };
}

/**
 * Runs in Neovim after the file is loaded: waits for diagnostics, records them, switches phase, records
 * again, then runs the explanation code action and records its result and the messages shown.
 */
const PROBE = (out: string, switchPhase: string) => `
local shown = {}
local show_message = vim.lsp.handlers['window/showMessage']
vim.lsp.handlers['window/showMessage'] = function(err, params, ctx, config)
  table.insert(shown, params.message)
  return show_message(err, params, ctx, config)
end
local function otp(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == 'OTP Advisor' then
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      table.insert(found, { code = code, lnum = d.lnum, severity = d.severity, message = d.message })
    end
  end
  return found
end
local result = { version = vim.version() }
result.ready = vim.wait(60000, function() return #otp(0) > 0 end, 50)
result.green = otp(0)
result.clients = {}
for _, c in pairs(vim.lsp.buf_get_clients(0)) do table.insert(result.clients, { name = c.name, root = c.config.root_dir }) end
vim.cmd(${JSON.stringify(switchPhase)})
result.switched = vim.wait(30000, function()
  local d = otp(0)[1]
  return d ~= nil and d.severity == vim.diagnostic.severity.INFO
end, 50)
result.refactor = otp(0)
-- What vim.lsp.buf.code_action() asks on the finding's line, then the command of the chosen action.
local client
for _, c in pairs(vim.lsp.buf_get_clients(0)) do if c.name == 'otp-advisor' then client = c end end
local lnum = otp(0)[1].lnum
local actions = client.request_sync('textDocument/codeAction', {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  range = { start = { line = lnum, character = 2 }, ['end'] = { line = lnum, character = 2 } },
  context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, lnum) },
}, 10000, 0)
result.actions = {}
local explain
for _, a in ipairs(actions.result or {}) do
  table.insert(result.actions, a.title)
  if a.title == 'Show OTP001 explanation' then explain = a.command end
end
if explain then
  local executed = client.request_sync('workspace/executeCommand', explain, 10000, 0)
  result.explain = { err = executed.err, result = executed.result }
  vim.wait(10000, function() return #shown > 0 end, 50)
end
result.shown = shown
local f = io.open(${JSON.stringify(out)}, 'w')
f:write(vim.fn.json_encode(result))
f:close()
vim.cmd('qall!')
`;

describe('Neovim', () => {
  it('8. the README snippet starts `otp-advisor lsp --stdio`, and the finding shows in vim.diagnostic.get()', (ctx) => {
    if (skipWithout('neovim')) return ctx.skip();
    const project = copyShop(env.workDir, 'neovim');
    const dir = join(env.workDir, 'neovim');
    mkdirSync(join(dir, 'bin'), { recursive: true });
    // `otp-advisor` on the PATH, as `npm install -g` of this clone would put it.
    const bin = join(dir, 'bin', 'otp-advisor');
    writeFileSync(bin, `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'dist/cli.js')}" "$@"\n`);
    chmodSync(bin, 0o755);

    const { initLua, switchPhase } = readmeNeovimSnippet(readFileSync(join(root, 'README.md'), 'utf8'));
    writeFileSync(join(dir, 'init.lua'), initLua);
    const out = join(dir, 'result.json');
    writeFileSync(join(dir, 'probe.lua'), PROBE(out, switchPhase));

    execFileSync('nvim', ['--headless', '-i', 'NONE', '-n', '-u', join(dir, 'init.lua'), 'lib/shop/price_calculator.ex', '-c', `luafile ${join(dir, 'probe.lua')}`], {
      cwd: project,
      env: { ...process.env, PATH: `${join(dir, 'bin')}:${process.env.PATH}`, XDG_STATE_HOME: join(dir, 'state'), XDG_DATA_HOME: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache') },
      timeout: scaled(120_000),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const result = JSON.parse(readFileSync(out, 'utf8'));
    console.log(`[e2e] Neovim ${result.version.major}.${result.version.minor}.${result.version.patch}: ${result.green.length} finding(s) in price_calculator.ex`);

    expect(result.ready).toBe(true);
    expect(result.clients).toEqual([{ name: 'otp-advisor', root: project }]);
    expect(result.green).toEqual([
      expect.objectContaining({ code: 'OTP001', lnum: 2, severity: 2, message: expect.stringContaining('Shop.PriceCalculator never reads or changes its state') }),
    ]);
    // The phase switch: premature OTP becomes information in REFACTOR.
    expect(result.switched).toBe(true);
    expect(result.refactor).toEqual([expect.objectContaining({ code: 'OTP001', severity: 3 })]);

    // The explanation without window/showDocument: its text is the command's result, a message names the file.
    expect(result.actions).toContain('Show OTP001 explanation');
    expect(result.explain.err).toBeUndefined();
    expect(result.explain.result).toMatchObject({ rule: 'OTP001', shown: false, markdown: expect.stringMatching(/^# OTP001 stateless-genserver\n/) });
    expect(readFileSync(result.explain.result.file, 'utf8')).toBe(result.explain.result.markdown);
    expect(result.shown).toEqual([expect.stringContaining(`OTP001 stateless-genserver`)]);
    expect(result.shown[0]).toContain(result.explain.result.file);
  });
});
