// Streamed answers arrive as many small deltas (one every 20–50 ms). Every message wakes the webview for a task of its
// own, so the host sends a turn's deltas at most once per DELTA_WINDOW_MS, joined: the first delta of a quiet spell
// goes at once (the reader sees the first words without delay), the ones that follow within the window wait for its
// end. The webview shows new text at most every 200 ms anyway, so a window of as much still gives each show new text,
// while receiving a message is a large part of a paced stream's cost in the webview (bench:chat: 500 deltas over
// 15 s cost ~200 ms of its main thread's CPU at a 50 ms window, ~100 ms at 100 ms; at 200 ms the stream takes 85
// messages instead of 160, and its whole cost falls ~12%: 10.6x -> 9.3x and 10.9x -> 9.4x the one-shot render in
// paired runs under the same load).
// Any other message first sends what is held, so the webview sees every message in the order the session posted it
// (a `done` never overtakes the last words, a `state` never arrives before deltas it already contains).
import type { HostMessage } from '../../webview/protocol';

export const DELTA_WINDOW_MS = 200;

export class DeltaCoalescer {
  /** Text held per turn, in the order the turns first got a held delta. */
  private readonly held = new Map<string, string>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (message: HostMessage) => void,
    private readonly windowMs = DELTA_WINDOW_MS,
  ) {}

  post(message: HostMessage): void {
    if (message.type !== 'delta') {
      this.flush();
      this.send(message);
      return;
    }
    if (this.timer === undefined) {
      this.send(message);
      this.openWindow();
      return;
    }
    this.held.set(message.turnId, (this.held.get(message.turnId) ?? '') + message.text);
  }

  /** Sends what is held now (and keeps the window closed until the next delta). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.sendHeld();
  }

  private openWindow(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // Deltas held during the window go now, and open a window of their own so a steady stream stays coalesced.
      if (this.held.size > 0) {
        this.sendHeld();
        this.openWindow();
      }
    }, this.windowMs);
  }

  private sendHeld(): void {
    for (const [turnId, text] of this.held) this.send({ type: 'delta', turnId, text });
    this.held.clear();
  }
}
