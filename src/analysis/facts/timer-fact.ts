import type { Span } from '../parse/term';

/** A timer, timeout or wait bound found in a module (timers.ts), with what it is for. */
export interface Timer {
  kind: 'send-after' | 'timer' | 'callback-timeout' | 'call-timeout' | 'receive-after';
  /** The message a timer delivers (`:tick`), when it is a literal. */
  message?: string;
  /** The timeout as written. */
  value: string;
  /** Milliseconds, when fixed in the source (a literal, an attribute holding one); unset when it comes from a variable or option. */
  ms?: number;
  /** The call as written (`Process.send_after`, `:timer.apply_after`), for messages. */
  call?: string;
  /** What it does when it fires, for messages: `sends :sweep`, `calls System.halt/1`. */
  action?: string;
  /**
   * What the time is for (timers.ts): product `behaviour` no test may pin down; a `ui` refresh or
   * `maintenance` sweep (at most a hint); and what is not a timer to test: a `deferral` (0 ms, an init
   * timeout of 1 ms), a `bound` on a wait (a call timeout, `receive ... after`), a `shutdown` grace delay
   * or watchdog (its handler stops the process, `System.halt`); a `diagnostic` switch (a debug mode turned off
   * again after a while) and `pacing` (a one-shot step armed beside a watchdog that ends the process later): at most
   * a hint; a `keepalive` (a periodic ping or heartbeat that holds a connection open): at most a hint.
   * A timer whose message carries a waiting caller's `from` is a `bound` (a long poll looking again before it answers),
   * and so is one whose handler answers a waiting caller with an error (a deadline on a request); a delay named as a
   * retry or restart (`@restart_delay_ms`, armed in `retry_challenge/1`) is a `retry`.
   */
  purpose?: 'behaviour' | 'ui' | 'maintenance' | 'deferral' | 'bound' | 'shutdown' | 'retry' | 'diagnostic' | 'pacing' | 'keepalive';
  /** Armed again by its own message's handler, or an interval (timer-cadence.ts). */
  periodic?: true;
  /**
   * For a periodic timer (`:timer.send_interval`, or one its own message's handler arms again): the project modules
   * other than this one that the handler calls for each tick (timer-cadence.ts). A test of one of them covers what
   * each tick does, leaving only the interval untested.
   */
  tickWork?: string[];
  inFunction: string;
  span: Span;
}
