// A local fake of the Anthropic Messages API (POST /v1/messages) with a real SSE stream, scripted per request.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Usage } from '../../src/advisor/types';

/** What the server does for one request; requests take the scripts in order, then the last one repeats. */
export type Reply =
  | {
      kind: 'answer';
      deltas: string[];
      usage?: Usage;
      /** Wait between events, for cancellation tests. */
      eventDelayMs?: number;
      /** Wait before sending the headers, for timeout tests. */
      headerDelayMs?: number;
      /** Stop after this many SSE events: destroy the socket (default), end the body cleanly, send an error event, or an event whose data is not JSON. */
      cutAfterEvents?: number;
      cutHow?: 'destroy' | 'end' | 'junk' | { errorType: string };
    }
  | { kind: 'status'; status: number; type: string; message?: string; headers?: Record<string, string> }
  /** A 200 with any body, as a misconfigured gateway sends. */
  | { kind: 'raw'; contentType: string; body: string };

export type FakeAnthropic = {
  baseURL: string;
  /** Parsed JSON bodies, one per attempt. */
  bodies: unknown[];
  /** Request headers, one per attempt. */
  headers: IncomingMessage['headers'][];
  /** Responses the client closed before the server finished them. */
  clientClosed: number;
  script(...replies: Reply[]): void;
  /** Resolves when the client closes a response the server had not finished. */
  nextClientClose(): Promise<void>;
  close(): Promise<void>;
};

const DEFAULT_USAGE: Usage = { input: 120, output: 42, cacheRead: 800, cacheWrite: 0 };

export async function startFakeAnthropic(): Promise<FakeAnthropic> {
  let replies: Reply[] = [{ kind: 'answer', deltas: ['Hello'] }];
  let waiters: (() => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) => new Promise<void>((resolve) => {
    const t = setTimeout(() => { timers.delete(t); resolve(); }, ms);
    timers.add(t);
  });

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      fake.headers.push(req.headers);
      fake.bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null'));
      const reply = replies.length > 1 ? replies.shift()! : replies[0]!;
      res.on('close', () => {
        if (res.writableFinished) return;
        fake.clientClosed++;
        const ws = waiters;
        waiters = [];
        ws.forEach((w) => w());
      });
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/messages') {
        res.writeHead(404).end();
        return;
      }
      void respond(reply, res).catch(() => res.destroy());
    });
  });

  async function respond(reply: Reply, res: ServerResponse): Promise<void> {
    if (reply.kind === 'status') {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(JSON.stringify({ type: 'error', error: { type: reply.type, message: reply.message ?? reply.type } }));
      return;
    }
    if (reply.kind === 'raw') {
      res.writeHead(200, { 'content-type': reply.contentType });
      res.end(reply.body);
      return;
    }
    if (reply.headerDelayMs) await sleep(reply.headerDelayMs);
    if (res.destroyed) return;
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const events = sseEvents(reply.deltas, reply.usage ?? DEFAULT_USAGE);
    for (const [i, event] of events.entries()) {
      if (reply.cutAfterEvents !== undefined && i >= reply.cutAfterEvents) {
        const how = reply.cutHow ?? 'destroy';
        if (how === 'destroy') res.socket?.destroy();
        else if (how === 'end') res.end();
        else if (how === 'junk') res.end('event: content_block_delta\ndata: {"type": "content_block_delta", "delta": {oops\n\n');
        else res.end(`event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: how.errorType, message: how.errorType } })}\n\n`);
        return;
      }
      if (res.destroyed) return;
      // Wait for the flush so that a cut right after still delivers what was written.
      await new Promise<void>((resolve) => res.write(event, () => resolve()));
      if (reply.eventDelayMs) await sleep(reply.eventDelayMs);
    }
    res.end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeAnthropic = {
    baseURL: `http://127.0.0.1:${port}`,
    bodies: [],
    headers: [],
    clientClosed: 0,
    script(...next) { replies = next; },
    nextClientClose: () => new Promise<void>((resolve) => waiters.push(resolve)),
    close: () => new Promise<void>((resolve) => {
      timers.forEach(clearTimeout);
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  return fake;
}

function sseEvents(deltas: string[], usage: Usage): string[] {
  const ev = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return [
    ev('message_start', {
      message: {
        id: 'msg_fake', type: 'message', role: 'assistant', model: 'claude-sonnet-5', content: [],
        stop_reason: null, stop_sequence: null,
        usage: {
          input_tokens: usage.input, output_tokens: 1,
          cache_read_input_tokens: usage.cacheRead, cache_creation_input_tokens: usage.cacheWrite,
        },
      },
    }),
    ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...deltas.map((text) => ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })),
    ev('content_block_stop', { index: 0 }),
    ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: usage.output } }),
    ev('message_stop', {}),
  ];
}
