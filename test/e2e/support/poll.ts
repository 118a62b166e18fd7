// Waits by polling a condition rather than sleeping: what the user would see, checked until it holds.
import { scaled } from './timeouts';

export interface PollOptions {
  timeout?: number;
  interval?: number;
  /** Named in the error, with the last value seen. */
  what: string;
}

/** Resolves with the first value `probe` returns that `ok` accepts; rejects after `timeout` ms, scaled for a loaded machine (timeouts.ts). */
export async function pollUntil<T>(probe: () => Promise<T>, ok: (value: T) => boolean, { timeout = 30_000, interval = 100, what }: PollOptions): Promise<T> {
  const limit = scaled(timeout);
  const end = Date.now() + limit;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (ok(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) {
      const seen = lastError && last === undefined ? `error ${String(lastError)}` : JSON.stringify(last);
      throw new Error(`Timed out after ${limit} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}
