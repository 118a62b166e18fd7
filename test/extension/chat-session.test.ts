// The chat host's behaviour without VS Code: the real advisor client streams from a local fake Anthropic server
// (real HTTP, real SSE) into the session, which posts to a recording view and persists to an in-memory Memento.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REDACTED } from '../../src/advisor/redact';
import type { Persona } from '../../src/advisor/types';
import { targetFor, type ApplyChange } from '../../src/extension/chat/apply';
import { historyFor } from '../../src/extension/chat/follow-up';
import type { ChatHost, Question } from '../../src/extension/chat/host';
import { ChatSession, NO_KEY } from '../../src/extension/chat/session';
import { ConversationStore, MAX_CONVERSATIONS, MAX_STORED_CHARS, STORAGE_KEY, type Storage, type StoredConversation } from '../../src/extension/chat/store';
import { isHostMessage, type AssistantTurn, type HostMessage, type WebviewMessage } from '../../src/webview/protocol';
import { startFakeAnthropic, type FakeAnthropic } from '../helpers/fake-anthropic';

const KEY = 'sk-ant-test-chat-0123456789';
const persona: Persona = { name: 'otp-expert', system: 'You are a careful Elixir reviewer.', source: 'built-in' };

let fake: FakeAnthropic;
beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(() => fake.close());
afterEach(() => {
  fake.bodies.length = 0;
  fake.headers.length = 0;
});

class MemoryStorage implements Storage {
  data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    // Stored values come back as copies, as VS Code's Memento does (JSON round trip).
    const v = this.data.get(key);
    return v === undefined ? undefined : (JSON.parse(JSON.stringify(v)) as T);
  }
  async update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
  }
}

type Harness = {
  session: ChatSession;
  store: ConversationStore;
  storage: MemoryStorage;
  posted: HostMessage[];
  actions: string[];
  key: { value: string | undefined };
  /** While false the view is "hidden": posts are dropped, as the real view drops them before `ready`. */
  visible: { value: boolean };
  /** The editor's documents by URI: what Apply reads, and what an applied change rewrites. */
  docs: Map<string, string>;
  /** The user's answer in Apply's diff; `meanwhile` runs while the diff is open (an edit made before answering). */
  review: { confirm: boolean; meanwhile?: () => void };
  reviewed: ApplyChange[];
};

function harness(storage = new MemoryStorage(), overrides: Partial<ChatHost> = {}): Harness {
  const posted: HostMessage[] = [];
  const actions: string[] = [];
  const key = { value: KEY as string | undefined };
  const visible = { value: true };
  const docs = new Map<string, string>();
  const review: Harness['review'] = { confirm: true };
  const reviewed: ApplyChange[] = [];
  const store = new ConversationStore(storage);
  const host: ChatHost = {
    post: (m) => {
      expect(isHostMessage(m), JSON.stringify(m)).toBe(true);
      if (visible.value) posted.push(m);
    },
    header: () => ({ phase: 'green', phaseSetting: 'auto', phaseReason: '2 failures, lib edited since', persona: 'OTP expert (built-in)' }),
    apiKey: async () => key.value,
    settings: async () => ({ persona, baseURL: fake.baseURL, model: 'claude-sonnet-5', maxTokens: 512 }),
    contextFor: async (text) => question({ text, title: text, explanation: undefined, message: `## Question\n\n${text}` }),
    insert: async (code, uri) => void actions.push(`insert ${uri} ${code}`),
    documentText: async (uri) => docs.get(uri),
    reviewChange: async (change) => {
      reviewed.push(change);
      review.meanwhile?.();
      return review.confirm;
    },
    applyChange: async (change) => {
      docs.set(change.uri, change.proposed);
      actions.push(`apply ${change.file}`);
      return true;
    },
    copy: async (code) => void actions.push(`copy ${code}`),
    openLink: async (href) => void actions.push(`open ${href}`),
    changePhase: async () => void actions.push('phase'),
    setKey: async () => {
      actions.push('setKey');
      key.value = KEY;
    },
    log: () => {},
    ...overrides,
  };
  return { session: new ChatSession(store, host, { maxRetries: 0 }), store, storage, posted, actions, key, visible, docs, review, reviewed };
}

function question(over: { text?: string; title?: string; explanation?: string; message?: string } = {}): Question {
  const message = over.message ?? '## Finding\n\n- OTP001 at lib/shop/cart.ex:3\n\n## Code\n\n```elixir\n   1 | defmodule Shop.Cart do\n```\n\n## Question\n\nDo I need it?';
  return {
    title: over.title ?? 'OTP001 in lib/shop/cart.ex',
    text: over.text ?? 'Do I need it?',
    chips: [
      { kind: 'rule', label: 'OTP001', title: 'GenServer with no state' },
      { kind: 'code', label: 'lib/shop/cart.ex:1-12' },
    ],
    preview: { message, tokens: 42, redactions: 0 },
    ...('explanation' in over ? (over.explanation ? { explanation: over.explanation } : {}) : { explanation: '**OTP001** — a GenServer that keeps no state.' }),
    sourceUri: 'file:///shop/lib/shop/cart.ex',
  };
}

const send = (h: Harness, m: WebviewMessage) => h.session.handle(m);
const of = <T extends HostMessage['type']>(h: Harness, type: T) => h.posted.filter((m): m is Extract<HostMessage, { type: T }> => m.type === type);
const lastAnswer = (h: Harness) => h.store.current.turns.at(-1) as AssistantTurn;

describe('chat session: asking about a finding', () => {
  it('shows the question, its explanation and the exact payload, and sends nothing before Send', async () => {
    const h = harness();
    await h.session.start(question());
    const [state] = of(h, 'state');
    expect(state!.state.conversation.preview!.message).toContain('defmodule Shop.Cart');
    expect(state!.state.conversation.title).toBe('OTP001 in lib/shop/cart.ex');
    expect(state!.state.conversation.turns.map((t) => t.role)).toEqual(['user', 'assistant']);
    expect((state!.state.conversation.turns[1] as AssistantTurn).explanation).toContain('OTP001');
    // The webview never gets the host-only payload field.
    expect(JSON.stringify(state)).not.toContain('"payload"');
    expect(fake.bodies).toHaveLength(0);
  });

  it('streams the answer in order after Send, with usage, into the explanation turn', async () => {
    const h = harness();
    fake.script({ kind: 'answer', deltas: ['No', ' process', ' needed.'], usage: { input: 300, output: 20, cacheRead: 900, cacheWrite: 0 } });
    await h.session.start(question());
    await send(h, { type: 'send' });
    expect(of(h, 'preview')).toEqual([{ type: 'preview', preview: null }]);
    expect(of(h, 'delta').map((d) => d.text).join('')).toBe('No process needed.');
    const [done] = of(h, 'done');
    expect(done).toMatchObject({ status: 'done', usage: { input: 300, output: 20, cacheRead: 900 } });
    const answer = lastAnswer(h);
    expect(answer).toMatchObject({ text: 'No process needed.', status: 'done', explanation: expect.stringContaining('OTP001') });
    const body = fake.bodies[0] as { messages: { role: string; content: string }[]; system: { text: string; cache_control: unknown }[] };
    expect(body.messages).toEqual([{ role: 'user', content: question().preview.message }]);
    expect(body.system[0]).toMatchObject({ text: persona.system, cache_control: { type: 'ephemeral' } });
  });

  it('keeps the history for a follow-up: the context message, the answer, then the new question', async () => {
    const h = harness();
    fake.script({ kind: 'answer', deltas: ['Use a module.'] }, { kind: 'answer', deltas: ['Like this.'] });
    await h.session.start(question());
    await send(h, { type: 'send' });
    await send(h, { type: 'ask', text: 'Show me the code' });
    const body = fake.bodies[1] as { messages: { role: string; content: string }[] };
    expect(body.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', question().preview.message],
      ['assistant', 'Use a module.'],
      ['user', 'Show me the code'],
    ]);
    expect(h.store.current.turns.map((t) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });

  it('masks secrets in a follow-up and in a typed first question: neither the request nor the storage holds them', async () => {
    // Built by concatenation so that no whole fake secret sits in this file.
    const antKey = 'sk-ant-' + 'api03-' + 'Zq8Xw7Vu6Ts5Rq4Po3Nm2Lk1Jh0Gf9Ed';
    const awsId = 'AKIA' + 'Q3EGRZ7VNXK2M4PT';
    const password = 'hunt' + 'er2-Secret';
    const h = harness();
    fake.script({ kind: 'answer', deltas: ['First.'] }, { kind: 'answer', deltas: ['Second.'] });
    await send(h, { type: 'ask', text: `Why does my repo fail with password: "${password}"?` });
    await send(h, { type: 'send' });
    await send(h, { type: 'ask', text: `Still failing. key = ${antKey}, config :ex_aws, access_key_id: "${awsId}"` });
    expect(fake.bodies).toHaveLength(2);
    const sent = JSON.stringify(fake.bodies);
    const stored = JSON.stringify(h.storage.data.get(STORAGE_KEY));
    const shown = JSON.stringify(h.posted);
    for (const secret of [antKey, awsId, password]) {
      expect(sent).not.toContain(secret);
      expect(stored).not.toContain(secret);
      expect(shown).not.toContain(secret);
    }
    // What the user sees in the chat is what was sent: the follow-up with «redacted» in place of each secret.
    const followUp = h.store.current.turns.filter((t) => t.role === 'user').at(-1)!;
    expect(followUp.text).toBe(`Still failing. key = ${REDACTED}, config :ex_aws, access_key_id: "${REDACTED}"`);
    const last = (fake.bodies[1] as { messages: { content: string }[] }).messages.at(-1)!;
    expect(last.content).toBe(followUp.text);
  });

  it('a follow-up waits for the answer in progress: asked while streaming, it is turned down and handed back', async () => {
    const h = harness();
    fake.script({ kind: 'answer', deltas: ['a', 'b', 'c'], eventDelayMs: 20 });
    await h.session.start(question());
    const sending = send(h, { type: 'send' });
    while (!of(h, 'delta').length) await new Promise((r) => setTimeout(r, 5));
    await send(h, { type: 'ask', text: 'too early' });
    expect(of(h, 'refused')).toEqual([{ type: 'refused', request: 'ask', reason: expect.stringMatching(/wait for the answer/i), text: 'too early' }]);
    await sending;
    expect(fake.bodies).toHaveLength(1);
    expect(h.store.current.turns.map((t) => t.role)).toEqual(['user', 'assistant']);
  });

  it('Cancel under the preview drops the unsent question; nothing was sent', async () => {
    const h = harness();
    await h.session.start(question());
    await send(h, { type: 'cancelPreview' });
    expect(h.store.current.turns).toEqual([]);
    expect(h.store.current.preview).toBeUndefined();
    expect(fake.bodies).toHaveLength(0);
  });

  it('a conversation typed in the chat gets a preview of its own first message', async () => {
    const h = harness();
    await send(h, { type: 'ask', text: 'Should carts be processes?' });
    expect(h.store.current.preview?.message).toBe('## Question\n\nShould carts be processes?');
    expect(fake.bodies).toHaveLength(0);
    // A second question while the preview waits is not queued behind the user's back: it comes back, with why.
    await send(h, { type: 'ask', text: 'And orders?' });
    expect(h.store.current.turns.filter((t) => t.role === 'user')).toHaveLength(1);
    expect(of(h, 'refused')).toEqual([{ type: 'refused', request: 'ask', reason: 'Send or cancel the message waiting above first.', text: 'And orders?' }]);
  });
});

describe('chat session: stop, errors, retry, no key', () => {
  it('Stop aborts the request: the server sees the connection close and the partial answer stays, cancelled', async () => {
    const h = harness();
    fake.script({ kind: 'answer', deltas: Array.from({ length: 50 }, (_, i) => `w${i} `), eventDelayMs: 20 });
    await h.session.start(question());
    const closed = fake.nextClientClose();
    const sending = send(h, { type: 'send' });
    while (!of(h, 'delta').length) await new Promise((r) => setTimeout(r, 5));
    await send(h, { type: 'stop', turnId: lastAnswer(h).id });
    await sending;
    await closed;
    expect(lastAnswer(h).status).toBe('cancelled');
    expect(lastAnswer(h).text.length).toBeGreaterThan(0);
    expect(of(h, 'done').at(-1)).toMatchObject({ status: 'cancelled' });
  });

  it('an API error posts the advisor message; Retry runs the same request again and replaces the answer', async () => {
    const h = harness();
    fake.script({ kind: 'status', status: 401, type: 'authentication_error' }, { kind: 'answer', deltas: ['Fine now.'] });
    await h.session.start(question());
    await send(h, { type: 'send' });
    const [error] = of(h, 'error');
    expect(error!.message).toMatch(/API key/i);
    expect(lastAnswer(h)).toMatchObject({ status: 'error', error: { message: error!.message } });
    await send(h, { type: 'retry', turnId: lastAnswer(h).id });
    expect(lastAnswer(h)).toMatchObject({ status: 'done', text: 'Fine now.' });
    expect(lastAnswer(h).error).toBeUndefined();
    expect(fake.bodies[0]).toEqual(fake.bodies[1]);
  });

  it('a stream cut mid-answer keeps the partial text and marks it as an error the user can retry', async () => {
    const h = harness();
    fake.script({ kind: 'answer', deltas: ['Part one. ', 'Part two.'], cutAfterEvents: 3 });
    await h.session.start(question());
    await send(h, { type: 'send' });
    expect(lastAnswer(h)).toMatchObject({ status: 'error', text: 'Part one. ', error: { retryable: true } });
  });

  it('without a key, Send keeps the preview and says why with the key action; once the key is set, the same Send sends', async () => {
    const h = harness();
    h.key.value = undefined;
    fake.script({ kind: 'answer', deltas: ['Sent at last.'] });
    await h.session.start(question());
    expect(of(h, 'state')[0]!.state.blocker).toEqual(NO_KEY);
    await send(h, { type: 'send' });
    expect(fake.bodies).toHaveLength(0);
    expect(h.store.current.preview).toBeDefined();
    expect(of(h, 'refused')).toEqual([{ type: 'refused', request: 'send', reason: NO_KEY.message, needsKey: true }]);
    expect(of(h, 'preview')).toEqual([]);

    await send(h, { type: 'setKey' });
    expect(h.actions).toEqual(['setKey']);
    expect(of(h, 'blocker').at(-1)).toEqual({ type: 'blocker', blocker: null });
    await send(h, { type: 'send' });
    expect(of(h, 'preview')).toEqual([{ type: 'preview', preview: null }]);
    expect((fake.bodies[0] as { messages: { content: string }[] }).messages).toEqual([{ role: 'user', content: question().preview.message }]);
    expect(lastAnswer(h)).toMatchObject({ status: 'done', text: 'Sent at last.', explanation: expect.stringContaining('OTP001') });
  });

  it('without a key, a follow-up and a retry are turned down with the key action, the follow-up handed back', async () => {
    const h = harness();
    fake.script({ kind: 'status', status: 529, type: 'overloaded_error' });
    await h.session.start(question());
    await send(h, { type: 'send' });
    const failed = lastAnswer(h);
    expect(failed.status).toBe('error');
    h.key.value = undefined;
    h.posted.length = 0;
    await send(h, { type: 'ask', text: 'And with a Registry?' });
    await send(h, { type: 'retry', turnId: failed.id });
    expect(of(h, 'refused')).toEqual([
      { type: 'refused', request: 'ask', reason: NO_KEY.message, needsKey: true, text: 'And with a Registry?' },
      { type: 'refused', request: 'retry', reason: NO_KEY.message, needsKey: true },
    ]);
    expect(fake.bodies).toHaveLength(1);
    expect(h.store.current.turns).toHaveLength(2);
  });
});

describe('chat session: a request turned down is always answered', () => {
  const answered = async (h: Harness, m: WebviewMessage): Promise<HostMessage[]> => {
    h.posted.length = 0;
    await send(h, m);
    return [...h.posted];
  };

  it('a stale Send, Cancel, Stop, Retry or history pick gets the state as it is now', async () => {
    const h = harness();
    for (const m of [{ type: 'send' }, { type: 'cancelPreview' }, { type: 'stop', turnId: 'a-gone' }, { type: 'retry', turnId: 'a-gone' }] as const) {
      const posted = await answered(h, m);
      expect(posted.map((p) => p.type), m.type).toEqual(['state']);
    }
    expect(await answered(h, { type: 'openConversation', id: 'c-gone' })).toEqual([
      { type: 'refused', request: 'openConversation', reason: 'That conversation is no longer stored.' },
      expect.objectContaining({ type: 'state' }),
    ]);
    expect(fake.bodies).toHaveLength(0);
  });

  it('a question whose context cannot be built, and an action the editor refuses, come back with the reason', async () => {
    const h = harness(new MemoryStorage(), {
      contextFor: async () => {
        throw new Error('the OTP Advisor server is not running; see the OTP Advisor output.');
      },
      insert: async () => {
        throw new Error('there is no editor to insert into.');
      },
    });
    await send(h, { type: 'ask', text: 'Is this fine?' });
    await send(h, { type: 'insert', code: 'x = 1' });
    expect(h.posted).toEqual([
      { type: 'refused', request: 'ask', reason: 'That did not work: the OTP Advisor server is not running; see the OTP Advisor output.', text: 'Is this fine?' },
      { type: 'refused', request: 'insert', reason: 'That did not work: there is no editor to insert into.' },
    ]);
    // Nothing half-made is left behind: the next question starts cleanly.
    expect(h.store.current.turns).toEqual([]);
    await send(h, { type: 'ask', text: 'Is this fine?' });
    expect(h.posted.at(-1)).toEqual({ type: 'refused', request: 'ask', reason: expect.stringContaining('not running'), text: 'Is this fine?' });
  });
});

describe('chat session: the host owns the state', () => {
  it('an answer keeps streaming while the view is hidden; `ready` brings it back whole', async () => {
    const h = harness();
    fake.script({ kind: 'answer', deltas: ['a', 'b', 'c', 'd'], eventDelayMs: 5 });
    await h.session.start(question());
    h.visible.value = false;
    await send(h, { type: 'send' });
    h.visible.value = true;
    h.posted.length = 0;
    await send(h, { type: 'ready' });
    const [state] = of(h, 'state');
    expect(state!.state.conversation.turns.at(-1)).toMatchObject({ text: 'abcd', status: 'done' });
  });

  it('an answer streaming into another conversation goes on in the store but is not posted into the one on screen', async () => {
    const h = harness();
    fake.script({ kind: 'answer', deltas: Array.from({ length: 20 }, (_, i) => `${i} `), eventDelayMs: 10 });
    const first = await h.session.start(question());
    const sending = send(h, { type: 'send' });
    while (!of(h, 'delta').length) await new Promise((r) => setTimeout(r, 5));
    await send(h, { type: 'newConversation' });
    const posted = h.posted.length;
    await sending;
    expect(h.posted.slice(posted).filter((m) => m.type === 'delta' || m.type === 'done' || m.type === 'turn')).toEqual([]);
    expect(h.store.find(first.id)!.turns.at(-1)).toMatchObject({ status: 'done', text: expect.stringContaining('19 ') });
  });

  it('conversations survive a reload; one that was streaming comes back incomplete', async () => {
    const h = harness();
    fake.script({ kind: 'answer', deltas: ['Saved.'] });
    await h.session.start(question());
    await send(h, { type: 'send' });
    const first = h.store.current.id;
    await send(h, { type: 'newConversation' });
    await send(h, { type: 'ask', text: 'Another?' });
    // Simulate a window closed mid-answer.
    const stored = h.storage.data.get(STORAGE_KEY) as { conversations: StoredConversation[] };
    (stored.conversations.find((c) => c.id === first)!.turns[1] as AssistantTurn).status = 'streaming';

    const again = harness(h.storage);
    await send(again, { type: 'ready' });
    const [state] = of(again, 'state');
    expect(state!.state.history.map((c) => c.id)).toContain(first);
    await send(again, { type: 'openConversation', id: first });
    const reopened = of(again, 'state').at(-1)!.state.conversation;
    expect(reopened.turns[1]).toMatchObject({ text: 'Saved.', status: 'incomplete' });
  });

  it('drops stored conversations that do not validate instead of failing', () => {
    const storage = new MemoryStorage();
    storage.data.set(STORAGE_KEY, { current: 'x', conversations: [{ id: 'x', title: 3 }, null, { id: 'ok', title: 't', created: 1, updated: 2, turns: [] }] });
    const store = new ConversationStore(storage);
    expect(store.summaries().map((c) => c.id)).toEqual(['ok']);
  });

  it('keeps at most the newest conversations within the count and size caps, never the current one dropped', async () => {
    let t = 0;
    const storage = new MemoryStorage();
    const store = new ConversationStore(storage, () => ++t);
    for (let i = 0; i < MAX_CONVERSATIONS + 10; i++) {
      const c = store.fresh();
      c.title = `c${i}`;
      c.turns.push({ id: `u${i}`, role: 'user', text: 'x'.repeat(60_000), chips: [] });
      store.touch(c);
    }
    await store.save();
    const saved = storage.data.get(STORAGE_KEY) as { conversations: StoredConversation[] };
    expect(saved.conversations.length).toBeLessThanOrEqual(MAX_CONVERSATIONS);
    expect(JSON.stringify(saved.conversations).length).toBeLessThanOrEqual(MAX_STORED_CHARS);
    expect(saved.conversations.map((c) => c.title)).toContain(`c${MAX_CONVERSATIONS + 9}`);
    expect(saved.conversations.map((c) => c.title)).not.toContain('c0');
  });
});

describe('chat session: Apply replaces the flagged lines only after a reviewed diff', () => {
  const URI = 'file:///shop/lib/shop/checkout.ex';
  const CHECKOUT = [
    'defmodule Shop.Checkout do',
    '  def quote(skus) do',
    '    available = Task.async(fn -> Enum.filter(skus, &in_stock?/1) end) |> Task.await()',
    '    %{available: available}',
    '  end',
    'end',
    '',
  ].join('\n');
  const FIXED = 'available = Enum.filter(skus, &in_stock?/1)';
  const ANSWER = ['Call it directly:\n\n```elixir\n', `${FIXED}\n`, '```\n'];

  /** A conversation about line 3 of checkout.ex (0-based line 2), as a finding's question makes it. */
  async function asked(h: Harness): Promise<void> {
    h.docs.set(URI, CHECKOUT);
    await h.session.start({ ...question(), sourceUri: URI, applyTarget: targetFor(URI, 'lib/shop/checkout.ex', CHECKOUT, 2, 2) });
    h.posted.length = 0;
  }
  const results = (h: Harness) => of(h, 'applyResult');

  it("shows the answer's code block as a change of the flagged line, re-indented, and applies it once confirmed", async () => {
    const h = harness();
    await asked(h);
    fake.script({ kind: 'answer', deltas: ANSWER });
    await send(h, { type: 'send' });
    const code = /```elixir\n([\s\S]*?)\n```/.exec(lastAnswer(h).text)![1]!;
    await send(h, { type: 'apply', id: 'apply-1', code });
    const expected = CHECKOUT.replace(/ {4}available = Task\.async.*\n/, `    ${FIXED}\n`);
    expect(h.reviewed.map((c) => [c.fromLine, c.toLine, c.replacement])).toEqual([[2, 2, `    ${FIXED}`]]);
    expect(h.reviewed[0]!.proposed).toBe(expected);
    expect(h.docs.get(URI)).toBe(expected);
    expect(results(h)).toEqual([{ type: 'applyResult', id: 'apply-1', outcome: 'applied', message: 'Applied to lib/shop/checkout.ex line 3. Undo in the editor reverts it.' }]);
    // A revised block from a follow-up applies over the code now there, not over the text that was replaced.
    await send(h, { type: 'apply', id: 'apply-2', code: 'available =\n  Enum.filter(skus, &in_stock?/1)' });
    expect(h.docs.get(URI)).toBe(expected.replace(`    ${FIXED}`, '    available =\n      Enum.filter(skus, &in_stock?/1)'));
    expect(results(h).at(-1)).toMatchObject({ id: 'apply-2', outcome: 'applied' });
  });

  it('cancelled in the diff: nothing is written, and the view is told', async () => {
    const h = harness();
    await asked(h);
    h.review.confirm = false;
    await send(h, { type: 'apply', id: 'apply-1', code: FIXED });
    expect(h.reviewed).toHaveLength(1);
    expect(h.docs.get(URI)).toBe(CHECKOUT);
    expect(h.actions).toEqual([]);
    expect(results(h)).toEqual([{ type: 'applyResult', id: 'apply-1', outcome: 'cancelled', message: 'Not applied: you cancelled it.' }]);
  });

  it('lines that changed since the question (or while the diff was open) are not replaced, and the view is told why', async () => {
    const h = harness();
    await asked(h);
    // A line added above moves the flagged line: its place no longer holds the flagged code.
    h.docs.set(URI, CHECKOUT.replace('  def quote', '  @moduledoc false\n  def quote'));
    await send(h, { type: 'apply', id: 'apply-1', code: FIXED });
    expect(h.reviewed).toEqual([]);
    expect(results(h)).toEqual([
      { type: 'applyResult', id: 'apply-1', outcome: 'failed', message: 'lib/shop/checkout.ex line 3 changed since the question was asked, so nothing was applied. Ask again about the code as it is now.' },
    ]);

    h.docs.set(URI, CHECKOUT);
    h.review.meanwhile = () => h.docs.set(URI, CHECKOUT.replace('Task.await()', 'Task.await(5000)'));
    await send(h, { type: 'apply', id: 'apply-2', code: FIXED });
    expect(h.reviewed).toHaveLength(1);
    expect(h.actions).toEqual([]);
    expect(results(h).at(-1)).toMatchObject({ id: 'apply-2', outcome: 'failed', message: expect.stringContaining('changed since the question') });
  });

  it('with no flagged lines or no readable document there is nothing to review, and the view is told', async () => {
    const h = harness();
    // A question typed with nothing selected names no lines.
    await h.session.start(question());
    await send(h, { type: 'apply', id: 'apply-1', code: FIXED });
    const unnamed = results(h);
    await asked(h);
    h.docs.delete(URI);
    await send(h, { type: 'apply', id: 'apply-2', code: FIXED });
    h.docs.set(URI, CHECKOUT);
    await send(h, { type: 'apply', id: 'apply-3', code: '  \n' });
    expect(h.reviewed).toEqual([]);
    expect([...unnamed, ...results(h)].map((r) => [r.id, r.outcome, r.message])).toEqual([
      ['apply-1', 'failed', 'This conversation names no code to replace. Ask from a finding (or select the code before asking), or use Insert.'],
      ['apply-2', 'failed', 'lib/shop/checkout.ex could not be opened, so nothing was applied.'],
      ['apply-3', 'failed', 'The code block is empty: there is nothing to apply.'],
    ]);
  });

  it('an editor that fails or refuses the edit is reported under the block, not dropped', async () => {
    const h = harness(new MemoryStorage(), {
      reviewChange: async () => {
        throw new Error('the diff editor could not open');
      },
    });
    await asked(h);
    h.docs.set(URI, CHECKOUT);
    await send(h, { type: 'apply', id: 'apply-1', code: FIXED });
    const refusing = harness(new MemoryStorage(), { applyChange: async () => false });
    await asked(refusing);
    await send(refusing, { type: 'apply', id: 'apply-2', code: FIXED });
    expect([...results(h), ...results(refusing)]).toEqual([
      { type: 'applyResult', id: 'apply-1', outcome: 'failed', message: 'Nothing was applied: the diff editor could not open' },
      { type: 'applyResult', id: 'apply-2', outcome: 'failed', message: 'The editor refused the edit to lib/shop/checkout.ex; nothing was applied.' },
    ]);
    expect(refusing.docs.get(URI)).toBe(CHECKOUT);
  });

  it('the flagged lines are stored with the conversation as a digest, never as text, and a malformed one is dropped on load', async () => {
    const h = harness();
    await asked(h);
    await h.store.save();
    const stored = JSON.stringify(h.storage.data.get(STORAGE_KEY));
    expect(stored).toContain('"digest"');
    expect(stored).not.toContain('Task.async');
    const reloaded = harness(h.storage);
    reloaded.docs.set(URI, CHECKOUT);
    await send(reloaded, { type: 'apply', id: 'apply-1', code: FIXED });
    expect(of(reloaded, 'applyResult')[0]).toMatchObject({ outcome: 'applied' });

    const broken = new MemoryStorage();
    const conv = { ...h.store.current, applyTarget: { uri: URI, fromLine: -1 } };
    await broken.update(STORAGE_KEY, { current: conv.id, conversations: [conv] });
    const loaded = harness(broken);
    expect(loaded.store.current.applyTarget).toBeUndefined();
    expect(loaded.store.current.turns).toHaveLength(2);
  });
});

describe('chat session: editor actions and history trimming', () => {
  it('insert goes to the document the question came from; copy, links and phase go to the host', async () => {
    const h = harness();
    await h.session.start(question());
    await send(h, { type: 'insert', code: 'def total(items), do: Enum.sum(items)' });
    await send(h, { type: 'copy', code: 'x = 1' });
    await send(h, { type: 'openLink', href: 'https://hexdocs.pm/elixir/GenServer.html' });
    await send(h, { type: 'changePhase' });
    expect(h.actions).toEqual([
      'insert file:///shop/lib/shop/cart.ex def total(items), do: Enum.sum(items)',
      'copy x = 1',
      'open https://hexdocs.pm/elixir/GenServer.html',
      'phase',
    ]);
  });

  it('trims the oldest follow-ups first but always keeps the first message with the code', () => {
    const big = 'y'.repeat(4000);
    const c: StoredConversation = {
      id: 'c', title: 't', created: 0, updated: 0,
      turns: [
        { id: 'u0', role: 'user', text: 'q0', chips: [], payload: 'CONTEXT with code' },
        { id: 'a0', role: 'assistant', text: `old answer ${big}`, status: 'done' },
        { id: 'u1', role: 'user', text: `old follow-up ${big}`, chips: [] },
        { id: 'a1', role: 'assistant', text: 'recent answer', status: 'done' },
        { id: 'u2', role: 'user', text: 'now', chips: [] },
      ],
    };
    const history = historyFor(c, 4, 300);
    expect(history[0]).toEqual({ role: 'user', content: 'CONTEXT with code' });
    expect(history.map((t) => t.content)).not.toContain(`old answer ${big}`);
    expect(historyFor(c, 4).map((t) => t.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  });
});
