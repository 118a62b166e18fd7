// Maps whatever the Anthropic SDK throws (or the stream emits) to one AdvisorError with a human message.
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  PermissionDeniedError,
  RateLimitError,
} from '@anthropic-ai/sdk';

export type AdvisorErrorKind =
  | 'auth'
  | 'forbidden'
  | 'rate-limit'
  | 'overloaded'
  | 'server'
  | 'network'
  | 'timeout'
  | 'aborted'
  | 'cut'
  | 'unexpected'
  | 'bad-request';

export type AdvisorError = {
  kind: AdvisorErrorKind;
  message: string;
  retryable: boolean;
  retryAfterSeconds?: number;
};

export type ErrorContext = {
  /** True once the API answered 200 and the stream started: a failure then cuts an answer short. */
  afterConnect: boolean;
  /** Scrubbed from any text the API sent back, in case a gateway echoes it. */
  secret?: string;
  /** The wait for the response headers, per attempt, for the timeout message. */
  timeoutMs?: number;
};

/**
 * Milliseconds the server asked us to wait, read as the SDK reads them: `retry-after-ms`, else `retry-after`
 * (seconds or an HTTP date); undefined when absent or not positive (the SDK then uses its own backoff).
 */
export function retryAfterMs(headers: Headers | undefined | null): number | undefined {
  if (!headers) return undefined;
  let ms = Number.parseFloat(headers.get('retry-after-ms') ?? '');
  const raw = headers.get('retry-after');
  if (!(ms > 0) && raw) {
    const seconds = Number.parseFloat(raw);
    ms = Number.isNaN(seconds) ? Date.parse(raw) - Date.now() : seconds * 1000;
  }
  return ms > 0 && ms <= 2 ** 31 - 1 ? ms : undefined;
}

function retryAfterSeconds(headers: Headers | undefined | null): number | undefined {
  const ms = retryAfterMs(headers);
  return ms === undefined ? undefined : Math.ceil(ms / 1000);
}

export function toAdvisorError(error: unknown, ctx: ErrorContext): AdvisorError {
  // Order matters: the timeout and abort classes are subclasses of APIConnectionError / APIError.
  if (error instanceof APIUserAbortError) {
    return { kind: 'aborted', message: 'Stopped. Nothing more is requested or billed.', retryable: false };
  }
  if (error instanceof APIConnectionTimeoutError) {
    const after = ctx.timeoutMs === undefined ? '' : ` after ${seconds(ctx.timeoutMs)} s`;
    return {
      kind: 'timeout',
      message: `No answer from the API${after}. Check your connection or the base URL, then retry.`,
      retryable: true,
    };
  }
  // The SDK parses each SSE event as JSON: a gateway or proxy sending something else is not a dropped connection.
  // The stream wraps what it caught in an AnthropicError with the original as its cause.
  if (error instanceof SyntaxError || (error instanceof Error && error.cause instanceof SyntaxError)) {
    return unexpectedResponse('an event that is not valid JSON');
  }
  if (error instanceof APIConnectionError) {
    return ctx.afterConnect ? cut() : {
      kind: 'network',
      message: 'Could not reach the API. Check your network connection or the base URL, then try again.',
      retryable: true,
    };
  }
  if (error instanceof AuthenticationError) {
    return {
      kind: 'auth',
      message: 'The API key was refused (401). Set a valid key with "OTP Advisor: Set Anthropic API key".',
      retryable: false,
    };
  }
  if (error instanceof PermissionDeniedError) {
    return {
      kind: 'forbidden',
      message: 'This API key may not use this model or feature (403). Check the key\'s workspace and the model setting.',
      retryable: false,
    };
  }
  if (error instanceof RateLimitError) {
    const wait = retryAfterSeconds(error.headers);
    return {
      kind: 'rate-limit',
      message: wait === undefined
        ? 'Rate limited by the API (429). Wait a moment, then try again.'
        : `Rate limited by the API (429). Try again in ${wait} s.`,
      retryable: true,
      ...(wait === undefined ? {} : { retryAfterSeconds: wait }),
    };
  }
  if (error instanceof APIError) {
    // A 529 arrives as an InternalServerError, and an overload during the stream as a bare APIError: the type tells.
    if (error.status === 529 || error.type === 'overloaded_error') {
      return {
        kind: 'overloaded',
        message: ctx.afterConnect
          ? 'The API became overloaded mid-answer. The answer is incomplete; try again in a moment.'
          : 'The API is overloaded (529) and still was after the retries. Try again in a moment.',
        retryable: true,
      };
    }
    if ((error.status !== undefined && error.status >= 500) || error.type === 'api_error') {
      return {
        kind: 'server',
        message: `The API had an internal error${error.status ? ` (${error.status})` : ''}. Try again in a moment.`,
        retryable: true,
      };
    }
    if (error.status !== undefined) {
      const detail = error.apiMessage ? `: ${scrub(error.apiMessage, ctx.secret)}` : '.';
      return { kind: 'bad-request', message: `The API rejected the request (${error.status})${detail}`, retryable: false };
    }
  }
  // Anything else after the stream started (undici's "terminated", a torn SSE frame) cut the answer short.
  if (ctx.afterConnect) return cut();
  return {
    kind: 'network',
    message: 'Could not reach the API. Check your network connection or the base URL, then try again.',
    retryable: true,
  };
}

export function missingKeyError(): AdvisorError {
  return {
    kind: 'auth',
    message: 'No Anthropic API key is set. Run "OTP Advisor: Set Anthropic API key" or set ANTHROPIC_API_KEY.',
    retryable: false,
  };
}

/** A 200 that is not an answer stream, or a stream event that does not parse. */
export function unexpectedResponse(what: string): AdvisorError {
  return {
    kind: 'unexpected',
    message: `The API sent an unexpected response (${what}). What arrived is kept and marked incomplete; check the base URL or proxy, then retry.`,
    retryable: true,
  };
}

/** Whole seconds, or tenths below ten. */
export function seconds(ms: number): string {
  return ms >= 10_000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10);
}

function cut(): AdvisorError {
  return {
    kind: 'cut',
    message: 'The connection dropped mid-answer. What arrived is kept and marked incomplete; ask again to retry.',
    retryable: true,
  };
}

function scrub(text: string, secret: string | undefined): string {
  const noKey = secret ? text.split(secret).join('[key]') : text;
  return noKey.replace(/sk-ant-[A-Za-z0-9_-]+/g, '[key]');
}
