import { describe, expect, it } from 'vitest';
import { toMessages, trimHistory } from '../../src/advisor/history';
import { estimateTokens } from '../../src/advisor/tokens';
import type { ChatTurn } from '../../src/advisor/types';

// One character per token keeps the budgets readable.
const chars = (text: string) => text.length;
const turn = (role: ChatTurn['role'], content: string): ChatTurn => ({ role, content });
const history = [
  turn('user', 'q1________'),
  turn('assistant', 'a1________'),
  turn('user', 'q2________'),
  turn('assistant', 'a2________'),
];

describe('trimHistory', () => {
  it('keeps everything that fits', () => {
    expect(trimHistory(history, 'now', 100, chars)).toEqual({ turns: history, dropped: 0 });
  });

  it('drops the oldest exchange first, a question with its answer', () => {
    // 3 for the message + 20 for the newest exchange; the older one would need 20 more.
    expect(trimHistory(history, 'now', 30, chars)).toEqual({ turns: history.slice(2), dropped: 2 });
  });

  it('never drops the current message, even over budget', () => {
    expect(trimHistory(history, 'x'.repeat(50), 10, chars)).toEqual({ turns: [], dropped: 4 });
  });

  it('does not skip a large turn to keep older ones', () => {
    const h = [turn('user', 'old'), turn('assistant', 'old'), turn('user', 'big'.repeat(20)), turn('assistant', 'ok')];
    expect(trimHistory(h, 'now', 20, chars).turns).toEqual([]);
  });

  it('counts a trailing unanswered question on its own', () => {
    const h = [...history, turn('user', 'failed____')];
    expect(trimHistory(h, 'now', 15, chars)).toEqual({ turns: [h[4]], dropped: 4 });
  });

  it('uses the shared token estimate by default', () => {
    const newest = estimateTokens('now') + estimateTokens(history[2]!.content) + estimateTokens(history[3]!.content);
    expect(trimHistory(history, 'now', newest).turns).toEqual(history.slice(2));
    expect(trimHistory(history, 'now', newest - 1).turns).toEqual([]);
  });
});

describe('toMessages', () => {
  it('appends the current message as the last user turn', () => {
    expect(toMessages(history, 'now').at(-1)).toEqual({ role: 'user', content: 'now' });
    expect(toMessages(history, 'now')).toHaveLength(5);
  });

  it('starts with the user and merges same-role neighbours', () => {
    const h = [turn('assistant', 'orphan'), turn('user', 'q1'), turn('assistant', 'a1'), turn('user', 'unanswered')];
    expect(toMessages(h, 'again')).toEqual([
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'unanswered\n\nagain' },
    ]);
  });
});
