// The history a follow-up question sends: the conversation's first message (code and tests) pinned, the turns
// after it trimmed to a budget, oldest first.
import { trimHistory } from '../../advisor/history';
import type { ChatTurn } from '../../advisor/types';
import { sentText, type StoredConversation, type StoredTurn, type StoredUserTurn } from './store';

/** History sent with a follow-up, in estimated tokens; the persona and the first (context) message are never trimmed. */
const HISTORY_BUDGET = 60_000;

/**
 * The turns before the question at `questionAt`, as the API sees them. The conversation's first message carries the
 * code and tests: it is pinned, and only the turns after it are trimmed, oldest first.
 */
export function historyFor(c: StoredConversation, questionAt: number, budget = HISTORY_BUDGET): ChatTurn[] {
  const turns: ChatTurn[] = [];
  for (const t of c.turns.slice(0, questionAt)) {
    if (t.role === 'user') turns.push({ role: 'user', content: sentText(t) });
    else if (t.text) turns.push({ role: 'assistant', content: t.text });
  }
  const [first, ...rest] = turns;
  if (!first) return [];
  const question = c.turns[questionAt] as StoredUserTurn;
  const trimmed = trimHistory(rest, `${first.content}\n${sentText(question)}`, budget);
  return [first, ...trimmed.turns];
}

export function lastUserIndex(turns: readonly StoredTurn[], before: number): number {
  for (let i = before - 1; i >= 0; i--) if (turns[i]!.role === 'user') return i;
  return -1;
}
