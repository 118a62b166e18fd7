import type { Span } from '../parse/term';

/** A function that loops on `receive` (handles.ts): `fn` is its `name/arity`. */
export interface ReceiveLoop {
  fn: string;
  /** A branch (or a helper it calls) answers with `send`. */
  replies: boolean;
  /** Driven by time or by links and monitors (`after`, `{:DOWN, ...}`, `{:EXIT, ...}`); an `after` that only prints and loops on unchanged (loop-traits.ts) is no timer. */
  timed: boolean;
  /** It runs itself again with a changed argument: it holds data it updates (`loop([x | stack])`). */
  updates: boolean;
  /** It sends before its receive: it announces itself to a coordinator feeding it work (`send(boss, {:ready, self()})`). */
  announces: boolean;
  /** It answers nobody and only computes and prints (handles.ts): a function printing its argument does the same. */
  consumes?: boolean;
  /** A branch ends it with `exit(reason)`: whoever links to or monitors it is told how it ended. */
  exits?: boolean;
  /** It handles `{:EXIT, ...}` from processes it links to: a hand-written restarter, itself the supervision. */
  restarts?: boolean;
  /** It sends to processes whose pids its arguments hold (loop-traits.ts): a hub or name server, its state other processes. */
  pushes?: boolean;
  /** A function of its module calls it and carries on after it returns: a wait in the caller's process, not a server. */
  awaited?: boolean;
  span: Span;
}
