// Bad framing on stdin: the real server (otp-advisor lsp --stdio) says why on stderr and exits non-zero, so that
// the client can restart it, instead of hanging without a word.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/lsp-client';

/** Writes `bytes` to a fresh server's stdin (then closes it if asked); resolves with its exit code and stderr. */
function feed(bytes: string, opts: { close?: boolean } = {}): Promise<{ code: number | null; stderr: string }> {
  const server = spawn(process.execPath, [CLI, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  server.stdout.resume();
  server.stdin.write(bytes);
  if (opts.close) server.stdin.end();
  return new Promise((resolve) => server.on('exit', (code) => resolve({ code, stderr })));
}

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const shutdown = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'shutdown' });

describe('language server framing', () => {
  it.each([
    ['garbage bytes', 'hello, this is not LSP\r\n\r\n', /header must separate key and value/i],
    ['a header without Content-Length', `Content-Type: application/json\r\n\r\n${shutdown}`, /must provide a Content-Length/],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n{"jsonrpc":"2.0"}', /unreadable message/],
    ['a Content-Length shorter than the body', `Content-Length: 5\r\n\r\n${shutdown}`, /unreadable message.*JSON/],
    ['a Content-Length that is not a number', 'Content-Length: many\r\n\r\n{}', /must be a number/],
  ])('%s: exits 1 with the reason on stderr', async (_name, bytes, reason) => {
    const { code, stderr } = await feed(bytes);
    expect(code).toBe(1);
    expect(stderr).toMatch(reason);
    expect(stderr).toContain('exiting so that the client can restart the server');
  });

  // The reader gives a body 10 s to arrive once it stops coming, so this waits that long.
  it('an absurd Content-Length whose body never comes: exits 1 once the stream has stalled', async () => {
    const { code, stderr } = await feed('Content-Length: 99999999999\r\n\r\n{"jsonrpc":"2.0"}');
    expect(code).toBe(1);
    expect(stderr).toMatch(/a message stopped arriving: \d+ s without the rest of the body/);
  }, 30_000);

  it('a client closing stdin: exit 0 after a shutdown request, 1 without', async () => {
    expect((await feed(frame(shutdown), { close: true })).code).toBe(0);
    expect((await feed('', { close: true })).code).toBe(1);
  });
});
