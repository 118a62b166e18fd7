// The chat's conversations, owned by the host and kept in workspace storage (no `vscode` import: a Memento-like
// object is passed in). The newest conversations are kept within a count and a size; the oldest go first.
// Stored data is read defensively: a conversation that does not validate is dropped, never shown half-broken.
import { isApplyTarget, type ApplyTarget } from './apply';
import { isConversation, type AssistantTurn, type Conversation, type ConversationSummary, type Turn, type UserTurn } from '../../webview/protocol';

/** A user turn as the host keeps it: `payload` is the exact text sent for a first question (the whole context); a follow-up sends its `text`. */
export type StoredUserTurn = UserTurn & { payload?: string };

/** What a user turn sends to the API. */
export const sentText = (t: StoredUserTurn): string => t.payload ?? t.text;
export type StoredTurn = StoredUserTurn | AssistantTurn;

export type StoredConversation = Omit<Conversation, 'turns'> & {
  turns: StoredTurn[];
  /** The document the question came from, where "Insert at cursor" goes. */
  sourceUri?: string;
  /** The lines the question flagged, where "Apply" puts a code block. */
  applyTarget?: ApplyTarget;
};

export interface Storage {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

export const STORAGE_KEY = 'otpAdvisor.chat.v1';
export const MAX_CONVERSATIONS = 30;
/** Serialized size kept at most (workspace storage is a small database, not a file store). */
export const MAX_STORED_CHARS = 1_000_000;

type Stored = { current?: string; conversations: StoredConversation[] };

export class ConversationStore {
  private conversations: StoredConversation[];
  private currentId: string;
  private counter = 0;

  constructor(
    private readonly storage: Storage,
    private readonly now: () => number = Date.now,
  ) {
    const stored = storage.get<Stored>(STORAGE_KEY);
    this.conversations = (Array.isArray(stored?.conversations) ? stored.conversations : []).filter(isConversation).map(settle);
    this.currentId = this.conversations.find((c) => c.id === stored?.current)?.id ?? this.conversations[0]?.id ?? this.create().id;
  }

  get current(): StoredConversation {
    return this.conversations.find((c) => c.id === this.currentId) ?? this.create();
  }

  /** Newest first. */
  summaries(): ConversationSummary[] {
    return [...this.conversations]
      .sort((a, b) => b.updated - a.updated)
      .map((c) => ({ id: c.id, title: c.title, updated: c.updated, turns: c.turns.length }));
  }

  /** Starts a new conversation, unless the current one is still empty (then it is reused). */
  fresh(): StoredConversation {
    const cur = this.current;
    if (cur.turns.length === 0 && !cur.preview) return cur;
    return this.create();
  }

  open(id: string): StoredConversation | undefined {
    const found = this.conversations.find((c) => c.id === id);
    if (found) this.currentId = found.id;
    return found;
  }

  find(id: string): StoredConversation | undefined {
    return this.conversations.find((c) => c.id === id);
  }

  newId(prefix: string): string {
    return `${prefix}-${this.now().toString(36)}-${(this.counter++).toString(36)}`;
  }

  touch(c: StoredConversation): void {
    c.updated = this.now();
  }

  /** Writes everything; drops the oldest conversations (never the current one) to stay within the caps. */
  async save(): Promise<void> {
    const keep = [...this.conversations].sort((a, b) => b.updated - a.updated);
    const current = keep.find((c) => c.id === this.currentId);
    let list = keep.filter((c) => c.turns.length > 0 || c === current).slice(0, MAX_CONVERSATIONS);
    while (list.length > 1 && JSON.stringify(list).length > MAX_STORED_CHARS) {
      const oldest = [...list].reverse().find((c) => c !== current);
      list = list.filter((c) => c !== oldest);
    }
    this.conversations = this.conversations.filter((c) => list.includes(c));
    const stored: Stored = { current: this.currentId, conversations: list };
    await this.storage.update(STORAGE_KEY, stored);
  }

  private create(): StoredConversation {
    const t = this.now();
    const c: StoredConversation = { id: this.newId('c'), title: 'New conversation', created: t, updated: t, turns: [] };
    this.conversations.push(c);
    this.currentId = c.id;
    return c;
  }
}

/** What the webview gets: no payloads (the user saw them in the preview) and no host-only fields. */
export function forView(c: StoredConversation): Conversation {
  return {
    id: c.id,
    title: c.title,
    created: c.created,
    updated: c.updated,
    turns: c.turns.map((t): Turn => (t.role === 'user' ? { id: t.id, role: 'user', text: t.text, chips: t.chips } : t)),
    ...(c.preview ? { preview: c.preview } : {}),
  };
}

/** An answer that was streaming when the window closed did not finish: it is incomplete now. A malformed Apply target goes. */
function settle(c: StoredConversation): StoredConversation {
  if (c.applyTarget !== undefined && !isApplyTarget(c.applyTarget)) delete c.applyTarget;
  for (const t of c.turns) {
    if (t.role === 'assistant' && t.status === 'streaming') {
      t.status = 'incomplete';
      delete t.notice;
    }
  }
  return c;
}
