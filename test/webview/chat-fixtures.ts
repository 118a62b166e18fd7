// Host-side data for the browser tests: a chat state, turns and summaries, built the way the host sends them.
import type { AssistantTurn, ChatHeader, ChatState, Conversation, ConversationSummary, Turn, UserTurn } from '../../src/webview/protocol';

export const header = (over: Partial<ChatHeader> = {}): ChatHeader => ({
  phase: 'green',
  phaseSetting: 'auto',
  phaseReason: 'Last mix test run failed and lib files changed since',
  persona: 'OTP expert',
  ...over,
});

export const userTurn = (id: string, text: string, over: Partial<UserTurn> = {}): UserTurn => ({
  id,
  role: 'user',
  text,
  chips: [
    { kind: 'code', label: 'lib/shop/cart.ex:1-40', title: 'Shop.Cart' },
    { kind: 'rule', label: 'OTP001', title: 'GenServer Shop.Cart never reads or changes its state.' },
    { kind: 'test', label: 'cart_test.exs:12', title: 'adds an item' },
  ],
  ...over,
});

export const answer = (id: string, over: Partial<AssistantTurn> = {}): AssistantTurn => ({
  id,
  role: 'assistant',
  text: '',
  status: 'streaming',
  ...over,
});

export const conversation = (id: string, turns: Turn[], over: Partial<Conversation> = {}): Conversation => ({
  id,
  title: `Conversation ${id}`,
  created: Date.UTC(2025, 0, 2, 10, 0),
  updated: Date.UTC(2025, 0, 2, 10, 5),
  turns,
  ...over,
});

export const summary = (id: string, title: string, turns = 2): ConversationSummary => ({ id, title, updated: Date.UTC(2025, 0, 2, 10, 5), turns });

export const chatState = (conv: Conversation, over: Partial<ChatState> = {}): ChatState => ({
  header: header(),
  conversation: conv,
  history: [summary(conv.id, conv.title, conv.turns.length)],
  ...over,
});

export const ELIXIR_SNIPPET = `defmodule Shop.Cart do
  def total(items), do: Enum.reduce(items, 0, &(&1.price + &2))
end`;

export const ANSWER_MARKDOWN = `## Drop the GenServer

\`Shop.Cart\` keeps no state between calls, so a module of functions is enough:

\`\`\`elixir
${ELIXIR_SNIPPET}
\`\`\`

| Before | After |
| --- | --- |
| \`GenServer.call/2\` | plain call |

- fewer processes
- simpler tests

See [the anti-pattern guide](https://hexdocs.pm/elixir/process-anti-patterns.html).
`;
