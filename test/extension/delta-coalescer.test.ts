// The host's outbox to the chat webview: a stream's deltas are joined per window, nothing is lost or reordered.
import { describe, expect, it } from 'vitest';
import { DeltaCoalescer } from '../../src/extension/chat/delta-coalescer';
import type { HostMessage } from '../../src/webview/protocol';

const WINDOW = 40;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function outbox() {
  const sent: HostMessage[] = [];
  return { sent, coalescer: new DeltaCoalescer((m) => sent.push(m), WINDOW) };
}

const delta = (text: string, turnId = 'a'): HostMessage => ({ type: 'delta', turnId, text });

describe('DeltaCoalescer', () => {
  it('sends the first delta at once and joins the ones that follow within the window', async () => {
    const { sent, coalescer } = outbox();
    coalescer.post(delta('Do you '));
    expect(sent).toEqual([delta('Do you ')]);
    coalescer.post(delta('really '));
    coalescer.post(delta('need '));
    expect(sent).toHaveLength(1);
    await sleep(WINDOW * 2.5);
    expect(sent).toEqual([delta('Do you '), delta('really need ')]);
  });

  it('keeps a stream coalesced and its text whole, in order', async () => {
    const { sent, coalescer } = outbox();
    const words = Array.from({ length: 40 }, (_, i) => `w${i} `);
    // Four bursts of ten deltas, a window and a half apart: each burst is at most its first delta plus one join.
    for (let burst = 0; burst < 4; burst++) {
      for (const w of words.slice(burst * 10, burst * 10 + 10)) coalescer.post(delta(w));
      await sleep(WINDOW * 1.5);
    }
    await sleep(WINDOW * 2.5);
    const texts = sent.map((m) => (m.type === 'delta' ? m.text : ''));
    expect(texts.join('')).toBe(words.join(''));
    expect(sent.length).toBeLessThanOrEqual(8);
  });

  it('sends held deltas before any other message, so done never overtakes the last words', () => {
    const { sent, coalescer } = outbox();
    coalescer.post(delta('first '));
    coalescer.post(delta('last words', 'a'));
    coalescer.post(delta('other turn', 'b'));
    coalescer.post({ type: 'done', turnId: 'a', status: 'done' });
    expect(sent).toEqual([delta('first '), delta('last words'), delta('other turn', 'b'), { type: 'done', turnId: 'a', status: 'done' }]);
  });

  it('after a flush the next delta goes at once again', () => {
    const { sent, coalescer } = outbox();
    coalescer.post(delta('a'));
    coalescer.post(delta('b'));
    coalescer.flush();
    coalescer.post(delta('c'));
    expect(sent).toEqual([delta('a'), delta('b'), delta('c')]);
  });
});
