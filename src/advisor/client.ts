// Streams one advisor answer from the Anthropic Messages API; every outcome comes back as a value, never a rejection.
import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { missingKeyError, retryAfterMs, seconds, toAdvisorError, unexpectedResponse, type AdvisorError } from './errors';
import { toMessages } from './history';
import { redact } from './redact';
import type { ChatTurn, Persona, Usage } from './types';

export const DEFAULT_MODEL = 'claude-sonnet-5';
const DEFAULT_MAX_RETRIES = 2;

/** The SDK is about to wait and retry: the chat shows `message` until text arrives. */
export type AdvisorStatus = {
  kind: 'retrying';
  reason: 'overloaded' | 'rate-limit' | 'server' | 'network' | 'timeout';
  /** 1 for the first retry. */
  attempt: number;
  waitSeconds?: number;
  message: string;
};

export type AskOptions = {
  apiKey: string;
  baseURL?: string;
  model: string;
  maxTokens: number;
  persona: Persona;
  history: ChatTurn[];
  message: string;
  signal?: AbortSignal;
  onText(delta: string): void;
  onStatus?(status: AdvisorStatus): void;
  /** SDK retries (default 2); tests lower them. */
  maxRetries?: number;
  /** Milliseconds to wait for the response headers, per attempt (default 60 s; the SDK's own is 10 minutes). */
  timeoutMs?: number;
  /** Milliseconds without any stream event, once the answer started, before giving up (default 60 s). */
  idleMs?: number;
};

const DEFAULT_IDLE_MS = 60_000;
const DEFAULT_TIMEOUT_MS = 60_000;

export type AskResult = {
  text: string;
  usage: Usage;
  stopReason: string | null;
  /** The answer did not finish: an error or cut, or it hit max tokens. */
  incomplete: boolean;
  error?: AdvisorError;
};

export async function ask(opts: AskOptions): Promise<AskResult> {
  if (!opts.apiKey.trim()) {
    return { text: '', usage: toUsage(undefined), stopReason: null, incomplete: true, error: missingKeyError() };
  }
  let text = '';
  let connected = false;
  let snapshot: Message | undefined;
  let final: Message | undefined;
  let failure: unknown;
  // The SDK's timeout covers only the wait for headers: a stream that goes quiet after them would hang.
  let stalled = false;
  let idle: NodeJS.Timeout | undefined;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  /** Set when a 200 is not an event stream (a gateway's JSON or HTML page): the SDK would read it as no events. */
  const notAStream: { type?: string } = {};
  try {
    const maxRetries = opts.maxRetries ?? DEFAULT_MAX_RETRIES;
    const client = new Anthropic({
      apiKey: opts.apiKey,
      ...(opts.baseURL ? { baseURL: opts.baseURL } : {}),
      maxRetries,
      timeout: timeoutMs,
      // The SDK logs an event it cannot parse, answer text included; the error tells the user instead.
      logLevel: 'off',
      fetch: observingFetch(maxRetries, opts, notAStream),
    });
    const stream = client.messages.stream(
      {
        model: opts.model,
        max_tokens: opts.maxTokens,
        system: [{ type: 'text', text: opts.persona.system, cache_control: { type: 'ephemeral' } }],
        messages: await sentMessages(opts.history, opts.message),
      },
      opts.signal ? { signal: opts.signal } : undefined,
    );
    // Listening to both 'error' and 'abort' is what keeps the SDK from raising an unhandled rejection.
    const idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
    const watch = () => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        stalled = true;
        stream.abort();
      }, idleMs);
    };
    await new Promise<void>((resolve) => {
      stream.on('connect', () => {
        connected = true;
        watch();
      });
      stream.on('streamEvent', (_event, snap) => {
        snapshot = snap;
        watch();
      });
      stream.on('text', (delta) => {
        text += delta;
        opts.onText(delta);
      });
      stream.on('message', (message) => { final = message; });
      stream.on('error', (error) => { failure = error; });
      stream.on('abort', (error) => { failure = error; });
      stream.on('end', () => resolve());
    });
  } catch (error) {
    failure = error;
  } finally {
    clearTimeout(idle);
  }
  const message = final ?? snapshot;
  const stopReason = final?.stop_reason ?? null;
  let error = stalled
    ? stalledError(opts.idleMs ?? DEFAULT_IDLE_MS)
    : notAStream.type !== undefined
      ? unexpectedResponse(`a ${notAStream.type || 'body without a content type'} instead of an event stream`)
      : failure === undefined
        ? undefined
        : toAdvisorError(failure, { afterConnect: connected, secret: opts.apiKey, timeoutMs });
  // A clean end of the HTTP body without message_stop is still a cut answer.
  if (!error && !final) error = toAdvisorError(new Error('stream ended early'), { afterConnect: true });
  return {
    text,
    usage: toUsage(message),
    stopReason,
    incomplete: error !== undefined || stopReason === null || stopReason === 'max_tokens',
    ...(error ? { error } : {}),
  };
}

/** The last guard: whatever the caller stored, nothing leaves unredacted (masked text stays as it is). */
async function sentMessages(history: ChatTurn[], message: string): Promise<MessageParam[]> {
  const masked = await Promise.all(history.map(async (t) => ({ ...t, content: (await redact(t.content)).text })));
  return toMessages(masked, (await redact(message)).text);
}

function toUsage(message: Message | undefined): Usage {
  const u = message?.usage;
  return {
    input: u?.input_tokens ?? 0,
    output: u?.output_tokens ?? 0,
    cacheRead: u?.cache_read_input_tokens ?? 0,
    cacheWrite: u?.cache_creation_input_tokens ?? 0,
  };
}

/**
 * The SDK retries on its own but has no retry callback, so we watch each attempt through the `fetch` it accepts:
 * a retryable failure with attempts left means the SDK is about to wait and try again.
 */
function observingFetch(maxRetries: number, opts: AskOptions, notAStream: { type?: string }): typeof fetch {
  return async (input, init) => {
    const attempt = Number(new Headers(init?.headers).get('x-stainless-retry-count') ?? '0');
    const willRetry = attempt < maxRetries;
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      if (willRetry && !opts.signal?.aborted) {
        // The SDK's per-attempt timeout aborts the fetch; the caller's own cancel was ruled out just above.
        const timedOut = error instanceof Error && error.name === 'AbortError';
        opts.onStatus?.(timedOut
          ? { kind: 'retrying', reason: 'timeout', attempt: attempt + 1, message: 'timed out, retrying…' }
          : { kind: 'retrying', reason: 'network', attempt: attempt + 1, message: 'connection failed, retrying…' });
      }
      throw error;
    }
    const type = response.headers.get('content-type') ?? '';
    if (response.ok && !type.includes('text/event-stream')) notAStream.type = type.split(';')[0]!.trim();
    if (!response.ok && willRetry && sdkRetries(response)) {
      const ms = retryAfterMs(response.headers);
      // Sub-second waits are not worth a number; without a header the SDK's jittered backoff is not knowable here.
      const wait = ms !== undefined && ms >= 1000 ? Math.round(ms / 1000) : undefined;
      const reason = response.status === 429 ? 'rate-limit' : response.status === 529 ? 'overloaded' : 'server';
      const label = reason === 'rate-limit' ? 'rate limited' : reason === 'overloaded' ? 'overloaded' : 'server error';
      const message = wait ? `${label}, retrying in ${wait}s…` : `${label}, retrying…`;
      opts.onStatus?.({ kind: 'retrying', reason, attempt: attempt + 1, message, ...(wait === undefined ? {} : { waitSeconds: wait }) });
    }
    return response;
  };
}

// Mirrors the SDK's own rule (client.ts shouldRetry) so we only announce retries it will make.
function sdkRetries(response: Response): boolean {
  const header = response.headers.get('x-should-retry');
  if (header === 'true') return true;
  if (header === 'false') return false;
  const s = response.status;
  return s === 408 || s === 409 || s === 429 || s >= 500;
}

function stalledError(idleMs: number): AdvisorError {
  return { kind: 'timeout', message: `The answer stalled: nothing arrived for ${seconds(idleMs)} s. What arrived is kept; ask again to retry.`, retryable: true };
}
