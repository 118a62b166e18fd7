// Multi-turn history: trims old turns to a token budget and shapes turns into the API's alternating messages.
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages';
import { estimateTokens } from './tokens';
import type { ChatTurn } from './types';

export type Trimmed = { turns: ChatTurn[]; dropped: number };

/**
 * Keeps the newest turns whose estimate, with the current message's, fits `budgetTokens`; drops the oldest first.
 * The current message is always kept, even over budget (the persona is sent apart and never counted here).
 * Turns go in user/assistant pairs so a kept answer never loses its question.
 */
export function trimHistory(
  history: readonly ChatTurn[],
  message: string,
  budgetTokens: number,
  estimate: (text: string) => number = estimateTokens,
): Trimmed {
  let used = estimate(message);
  let start = history.length;
  while (start > 0) {
    const from = pairStart(history, start);
    const cost = history.slice(from, start).reduce((sum, t) => sum + estimate(t.content), 0);
    if (used + cost > budgetTokens) break;
    used += cost;
    start = from;
  }
  return { turns: history.slice(start), dropped: start };
}

// The start of the exchange that ends at `end`: an assistant turn takes the user turn before it along.
function pairStart(history: readonly ChatTurn[], end: number): number {
  const last = end - 1;
  return history[last]!.role === 'assistant' && last > 0 && history[last - 1]!.role === 'user' ? last - 1 : last;
}

/**
 * The API wants messages that start with the user and alternate; a failed answer can leave two user turns in a row,
 * so same-role neighbours are merged and a leading assistant turn is dropped.
 */
export function toMessages(history: readonly ChatTurn[], message: string): MessageParam[] {
  const out: MessageParam[] = [];
  for (const turn of [...history, { role: 'user' as const, content: message }]) {
    if (out.length === 0 && turn.role === 'assistant') continue;
    const prev = out.at(-1);
    if (prev && prev.role === turn.role) prev.content = `${prev.content as string}\n\n${turn.content}`;
    else out.push({ role: turn.role, content: turn.content });
  }
  return out;
}
