import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ask, DEFAULT_MODEL, type AdvisorStatus, type AskOptions } from '../../src/advisor/client';
import type { Persona } from '../../src/advisor/types';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic';

const KEY = 'sk-ant-test-0123456789abcdef';
const persona: Persona = { name: 'otp-expert', system: 'You are a careful Elixir reviewer.', source: 'built-in' };

let fake: FakeAnthropic;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  fake = await startFakeAnthropic();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await fake.close();
});
afterEach(async () => {
  // Give a stray rejection a tick to surface before checking.
  await new Promise((r) => setTimeout(r, 10));
  expect(unhandled).toEqual([]);
  fake.bodies.length = 0;
  fake.headers.length = 0;
});

function options(over: Partial<AskOptions> = {}): AskOptions & { deltas: string[]; statuses: AdvisorStatus[] } {
  const deltas: string[] = [];
  const statuses: AdvisorStatus[] = [];
  return {
    apiKey: KEY,
    baseURL: fake.baseURL,
    model: DEFAULT_MODEL,
    maxTokens: 1024,
    persona,
    history: [],
    message: 'Do I need a GenServer here?',
    onText: (d) => deltas.push(d),
    onStatus: (s) => statuses.push(s),
    maxRetries: 0,
    deltas,
    statuses,
    ...over,
  };
}

describe('ask: answers', () => {
  it('streams text in order and reports usage and the stop reason', async () => {
    fake.script({ kind: 'answer', deltas: ['Start ', 'with ', 'a ', 'module.'], usage: { input: 10, output: 7, cacheRead: 900, cacheWrite: 30 } });
    const o = options();
    const result = await ask(o);
    expect(o.deltas).toEqual(['Start ', 'with ', 'a ', 'module.']);
    expect(result).toEqual({
      text: 'Start with a module.',
      usage: { input: 10, output: 7, cacheRead: 900, cacheWrite: 30 },
      stopReason: 'end_turn',
      incomplete: false,
    });
  });

  it('sends the persona as a cached system block, the model and the history, and no temperature', async () => {
    fake.script({ kind: 'answer', deltas: ['ok'] });
    await ask(options({
      model: 'claude-opus-5',
      history: [
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'first answer' },
      ],
    }));
    const body = fake.bodies[0] as Record<string, unknown>;
    expect(body.model).toBe('claude-opus-5');
    expect(body.max_tokens).toBe(1024);
    expect(body.stream).toBe(true);
    expect(body.system).toEqual([{ type: 'text', text: persona.system, cache_control: { type: 'ephemeral' } }]);
    expect(body).not.toHaveProperty('temperature');
    expect(body.messages).toEqual([
      { role: 'user', content: 'first question' },
      { role: 'assistant', content: 'first answer' },
      { role: 'user', content: 'Do I need a GenServer here?' },
    ]);
    // SDK 1.12 sends the key as a bearer token.
    expect(fake.headers[0]!.authorization).toBe(`Bearer ${KEY}`);
  });
});

describe('ask: errors', () => {
  const cases: [string, number, string, Record<string, string>, string, boolean][] = [
    ['auth', 401, 'authentication_error', {}, 'Set Anthropic API key', false],
    ['forbidden', 403, 'permission_error', {}, '403', false],
    ['rate-limit', 429, 'rate_limit_error', { 'retry-after': '7' }, 'Try again in 7 s', true],
    ['overloaded', 529, 'overloaded_error', {}, 'overloaded', true],
    ['server', 500, 'api_error', {}, 'internal error (500)', true],
    ['bad-request', 400, 'invalid_request_error', {}, 'rejected the request (400)', false],
  ];
  for (const [kind, status, type, headers, text, retryable] of cases) {
    it(`maps ${status} to ${kind}`, async () => {
      fake.script({ kind: 'status', status, type, headers, message: `bad thing with ${KEY}` });
      const result = await ask(options());
      expect(result.error?.kind).toBe(kind);
      expect(result.error?.message).toContain(text);
      expect(result.error?.message).not.toContain(KEY);
      expect(result.error?.retryable).toBe(retryable);
      expect(result.incomplete).toBe(true);
      expect(result.text).toBe('');
    });
  }

  it('reports the retry-after of a 429', async () => {
    fake.script({ kind: 'status', status: 429, type: 'rate_limit_error', headers: { 'retry-after': '7' } });
    const result = await ask(options());
    expect(result.error).toMatchObject({ kind: 'rate-limit', retryAfterSeconds: 7 });
  });

  it('asks for a key without calling the API when there is none', async () => {
    const result = await ask(options({ apiKey: '  ' }));
    expect(result.error).toMatchObject({ kind: 'auth', retryable: false });
    expect(result.error?.message).toContain('No Anthropic API key');
    expect(fake.bodies).toHaveLength(0);
  });

  it('maps a server that is not there to network', async () => {
    const gone = await startFakeAnthropic();
    const baseURL = gone.baseURL;
    await gone.close();
    const result = await ask(options({ baseURL }));
    expect(result.error?.kind).toBe('network');
  });

  it('maps a slow server to timeout', async () => {
    fake.script({ kind: 'answer', deltas: ['late'], headerDelayMs: 2_000 });
    const started = Date.now();
    const result = await ask(options({ timeoutMs: 150 }));
    expect(result.error?.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('a server that takes the request and sends no headers: "no answer from the API after N s", with retry', async () => {
    fake.script({ kind: 'answer', deltas: ['late'], headerDelayMs: 10_000 });
    const result = await ask(options({ timeoutMs: 300, maxRetries: 0 }));
    expect(result).toMatchObject({ text: '', incomplete: true, error: { kind: 'timeout', retryable: true } });
    expect(result.error?.message).toBe('No answer from the API after 0.3 s. Check your connection or the base URL, then retry.');
  });

  it('an event that is not JSON is an unexpected response, not a dropped connection, and the text before it stays', async () => {
    fake.script({ kind: 'answer', deltas: ['Part ', 'one, ', 'never sent'], cutAfterEvents: 4, cutHow: 'junk' });
    const result = await ask(options());
    expect(result).toMatchObject({ text: 'Part one, ', incomplete: true, error: { kind: 'unexpected', retryable: true } });
    expect(result.error?.message).toMatch(/^The API sent an unexpected response \(an event that is not valid JSON\)\. What arrived is kept/);
  });

  it('a 200 with a JSON body instead of an event stream is an unexpected response naming what came', async () => {
    fake.script({ kind: 'raw', contentType: 'application/json; charset=utf-8', body: JSON.stringify({ ok: true, note: 'gateway says hi' }) });
    const result = await ask(options());
    expect(result).toMatchObject({ text: '', incomplete: true, error: { kind: 'unexpected', retryable: true } });
    expect(result.error?.message).toContain('(a application/json instead of an event stream)');
  });

  it('announces the SDK\'s retry of a timed-out attempt', async () => {
    fake.script({ kind: 'answer', deltas: ['late'], headerDelayMs: 2_000 });
    const o = options({ timeoutMs: 100, maxRetries: 1 });
    const result = await ask(o);
    expect(o.statuses.map((s) => [s.reason, s.message])).toEqual([['timeout', 'timed out, retrying…']]);
    expect(result.error?.kind).toBe('timeout');
    expect(fake.bodies).toHaveLength(2);
  });

  it('keeps the partial text of a stream cut mid-answer and marks it incomplete', async () => {
    // message_start, content_block_start, then two deltas: the socket dies before the third.
    fake.script({ kind: 'answer', deltas: ['Part ', 'one, ', 'never sent'], cutAfterEvents: 4 });
    const result = await ask(options());
    expect(result.text).toBe('Part one, ');
    expect(result.incomplete).toBe(true);
    expect(result.error?.kind).toBe('cut');
    expect(result.usage.input).toBe(120);
  });

  it('treats a body that ends without message_stop as cut', async () => {
    fake.script({ kind: 'answer', deltas: ['Half ', 'an answer'], cutAfterEvents: 4, cutHow: 'end' });
    const result = await ask(options());
    expect(result).toMatchObject({ text: 'Half an answer', incomplete: true, stopReason: null, error: { kind: 'cut' } });
  });

  it('maps an overload announced mid-stream to overloaded and keeps the text', async () => {
    fake.script({ kind: 'answer', deltas: ['Before ', 'the overload'], cutAfterEvents: 4, cutHow: { errorType: 'overloaded_error' } });
    const result = await ask(options());
    expect(result).toMatchObject({ text: 'Before the overload', incomplete: true, error: { kind: 'overloaded', retryable: true } });
    expect(result.error?.message).toContain('mid-answer');
  });
});

describe('ask: retries and cancellation', () => {
  it('lets the SDK retry a 529 and tells the caller it is retrying', async () => {
    const overloaded = { kind: 'status', status: 529, type: 'overloaded_error', headers: { 'retry-after-ms': '10' } } as const;
    fake.script(overloaded, overloaded, { kind: 'answer', deltas: ['finally'] });
    const o = options({ maxRetries: 2 });
    const result = await ask(o);
    expect(result.text).toBe('finally');
    expect(result.error).toBeUndefined();
    expect(fake.bodies).toHaveLength(3);
    expect(fake.headers.map((h) => h['x-stainless-retry-count'])).toEqual(['0', '1', '2']);
    expect(o.statuses.map((s) => [s.reason, s.attempt, s.message])).toEqual([
      ['overloaded', 1, 'overloaded, retrying…'],
      ['overloaded', 2, 'overloaded, retrying…'],
    ]);
  });

  it('says how long a rate limit makes it wait, and stops after the SDK retries', async () => {
    fake.script({ kind: 'status', status: 429, type: 'rate_limit_error', headers: { 'retry-after': '1' } });
    const o = options({ maxRetries: 1 });
    const started = Date.now();
    const result = await ask(o);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(fake.bodies).toHaveLength(2);
    expect(o.statuses.map((s) => s.message)).toEqual(['rate limited, retrying in 1s…']);
    expect(result.error?.kind).toBe('rate-limit');
  });

  it('does not announce retries the SDK will not make', async () => {
    fake.script({ kind: 'status', status: 401, type: 'authentication_error' });
    const o = options({ maxRetries: 2 });
    await ask(o);
    expect(fake.bodies).toHaveLength(1);
    expect(o.statuses).toEqual([]);
  });

  it('aborts on cancellation: the server sees the connection close and the partial text stays', async () => {
    fake.script({ kind: 'answer', deltas: ['one ', 'two ', 'three ', 'four ', 'five '], eventDelayMs: 40 });
    const controller = new AbortController();
    const closed = fake.nextClientClose();
    const o = options({
      signal: controller.signal,
      onText: (d) => { o.deltas.push(d); if (o.deltas.length === 2) controller.abort(); },
    });
    const result = await ask(o);
    await closed;
    expect(fake.clientClosed).toBeGreaterThan(0);
    expect(result.error?.kind).toBe('aborted');
    expect(result.text).toBe('one two ');
    expect(result.incomplete).toBe(true);
  });

  it('gives up on an answer that stalls after it started, keeping what arrived', async () => {
    // Events every 400 ms against a 150 ms idle limit: the first text arrives, then the stream goes quiet.
    fake.script({ kind: 'answer', deltas: ['one ', 'two ', 'three '], eventDelayMs: 400 });
    const closed = fake.nextClientClose();
    const o = options({ idleMs: 150 });
    const started = Date.now();
    const result = await ask(o);
    await closed;
    expect(result.error?.kind).toBe('timeout');
    expect(result.error?.message).toContain('stalled');
    expect(result.incomplete).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('announces a retry after a connection failure', async () => {
    const gone = await startFakeAnthropic();
    const baseURL = gone.baseURL;
    await gone.close();
    const o = options({ baseURL, maxRetries: 1 });
    const result = await ask(o);
    expect(o.statuses.map((s) => [s.reason, s.message])).toEqual([['network', 'connection failed, retrying…']]);
    expect(result.error?.kind).toBe('network');
  });

  it('cancels during the SDK\'s retry wait without another request', async () => {
    fake.script({ kind: 'status', status: 529, type: 'overloaded_error', headers: { 'retry-after': '5' } }, { kind: 'answer', deltas: ['no'] });
    const controller = new AbortController();
    const o = options({ maxRetries: 2, signal: controller.signal, onStatus: () => setTimeout(() => controller.abort(), 20) });
    const started = Date.now();
    const result = await ask(o);
    expect(result.error?.kind).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(fake.bodies).toHaveLength(1);
  });

  it('returns aborted at once for a signal already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await ask(options({ signal: controller.signal }));
    expect(result.error?.kind).toBe('aborted');
  });
});
