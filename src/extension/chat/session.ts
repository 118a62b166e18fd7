// The chat's behaviour, without `vscode`: questions, the payload preview and its Send, streaming answers from the
// advisor, stop and retry, follow-ups with trimmed history, and conversations. The host owns this state; the view
// (which VS Code destroys when hidden) gets a `state` when it says `ready`, and live messages while it is shown.
// A request the session turns down is answered, never dropped: a `refused` saying why (with the question's text back),
// or a fresh `state` when the view only showed something stale.
import { ask, type AskOptions, type AskResult } from '../../advisor/client';
import type { AdvisorError } from '../../advisor/errors';
import { redact } from '../../advisor/redact';
import type { ApplyOutcome, AssistantTurn, Blocker, ChatState, HostMessage, Refusal, WebviewMessage } from '../../webview/protocol';
import { appliedTarget, lineSpan, planApply } from './apply';
import { ConversationStore, forView, sentText, type StoredConversation, type StoredUserTurn } from './store';
import type { ChatHost, Question } from './host';
import { historyFor, lastUserIndex } from './follow-up';

const SAVE_EVERY_MS = 2000;

export const NO_KEY: Blocker = {
  kind: 'no-key',
  message: 'Set an Anthropic API key to ask the OTP Expert. The rule explanations work without one.',
};

const NEEDS_KEY = { reason: NO_KEY.message, needsKey: true } as const;

export class ChatSession {
  private readonly running = new Map<string, AbortController>();
  private hasKey = true;
  /** A conversation's first question is being prepared (the server builds its context). */
  private isPreparing = false;
  /** An Apply's diff is waiting for the user's answer. */
  private isReviewing = false;

  constructor(
    private readonly store: ConversationStore,
    private readonly host: ChatHost,
    /** Per-request options tests lower (retries, timeouts). */
    private readonly askExtras: Partial<AskOptions> = {},
  ) {}

  state(): ChatState {
    return {
      header: this.host.header(),
      conversation: forView(this.store.current),
      history: this.store.summaries(),
      ...(this.hasKey ? {} : { blocker: NO_KEY }),
    };
  }

  /** Re-reads whether a key is set, and tells the view when that changed. */
  async refreshKey(): Promise<void> {
    const had = this.hasKey;
    this.hasKey = !!(await this.host.apiKey());
    if (had !== this.hasKey) this.host.post({ type: 'blocker', blocker: this.hasKey ? null : NO_KEY });
  }

  /** A question from a command or a quick fix: a new conversation with its preview, waiting for Send. */
  async start(q: Question): Promise<StoredConversation> {
    const c = this.store.fresh();
    await this.addQuestion(c, q);
    await this.refreshKey();
    this.host.post({ type: 'state', state: this.state() });
    await this.store.save();
    return c;
  }

  async handle(msg: WebviewMessage): Promise<void> {
    try {
      await this.dispatch(msg);
    } catch (e) {
      // A failure (the server not running, an editor that would not open) is shown where the user asked.
      const reason = e instanceof Error ? e.message : String(e);
      this.host.log(`chat: ${msg.type} failed: ${reason}`);
      if (msg.type === 'apply') return this.applied(msg.id, 'failed', `Nothing was applied: ${reason}`);
      this.refuse({ request: msg.type, reason: `That did not work: ${reason}`, ...(msg.type === 'ask' ? { text: msg.text } : {}) });
    }
  }

  private async dispatch(msg: WebviewMessage): Promise<void> {
    switch (msg.type) {
      case 'ready':
        await this.refreshKey();
        return this.postState();
      case 'ask':
        return this.ask(msg.text);
      case 'send':
        return this.send();
      case 'cancelPreview':
        return this.cancelPreview();
      case 'stop': {
        const running = this.running.get(msg.turnId);
        // Nothing runs for that turn: the view shows an answer streaming that is not, so it gets the truth.
        if (running) running.abort();
        else this.postState();
        return;
      }
      case 'retry':
        return this.retry(msg.turnId);
      case 'newConversation':
        this.store.fresh();
        this.postState();
        return this.store.save();
      case 'openConversation':
        if (!this.store.open(msg.id)) this.refuse({ request: 'openConversation', reason: 'That conversation is no longer stored.' });
        this.postState();
        return this.store.save();
      case 'insert':
        return this.host.insert(msg.code, this.store.current.sourceUri);
      case 'apply':
        return this.apply(msg.id, msg.code);
      case 'copy':
        return this.host.copy(msg.code);
      case 'openLink':
        return this.host.openLink(msg.href);
      case 'changePhase':
        return this.host.changePhase();
      case 'setKey':
        await this.host.setKey();
        return this.refreshKey();
      default: {
        // A new message type the view can send must be handled here: this stops compiling until it is.
        const unhandled: never = msg;
        return unhandled;
      }
    }
  }

  /** Stops every answer in flight (deactivation). */
  stopAll(): void {
    for (const abort of this.running.values()) abort.abort();
  }

  private postState(): void {
    this.host.post({ type: 'state', state: this.state() });
  }

  private refuse(refusal: Refusal): void {
    this.host.post({ type: 'refused', ...refusal });
  }

  /**
   * Replaces the conversation's flagged lines with a code block: checked, shown as a diff, applied only when the user
   * confirms, and checked again after the diff (the document may have changed meanwhile). Every ending is reported.
   */
  private async apply(id: string, code: string): Promise<void> {
    if (this.isReviewing) return this.applied(id, 'failed', 'Another change is waiting for your answer in the diff; answer it first.');
    const target = this.store.current.applyTarget;
    const check = async () => planApply(target, target && (await this.host.documentText(target.uri)), code);
    const first = await check();
    if ('problem' in first) return this.applied(id, 'failed', first.problem);
    this.isReviewing = true;
    let confirmed: boolean;
    try {
      confirmed = await this.host.reviewChange(first.change);
    } finally {
      this.isReviewing = false;
    }
    if (!confirmed) return this.applied(id, 'cancelled', 'Not applied: you cancelled it.');
    const now = await check();
    if ('problem' in now) return this.applied(id, 'failed', now.problem);
    if (!(await this.host.applyChange(now.change))) return this.applied(id, 'failed', `The editor refused the edit to ${now.change.file}; nothing was applied.`);
    // The applied code is what the conversation is about now: a revised block from a follow-up applies over it.
    const c = this.store.current;
    if (c.applyTarget === target) c.applyTarget = appliedTarget(now.change);
    await this.store.save();
    this.applied(id, 'applied', `Applied to ${now.change.file} ${lineSpan(now.change)}. Undo in the editor reverts it.`);
  }

  private applied(id: string, outcome: ApplyOutcome, message: string): void {
    this.host.post({ type: 'applyResult', id, outcome, message });
  }

  private async ask(text: string): Promise<void> {
    const c = this.store.current;
    // One question at a time, never queued behind the user's back: the text goes back to the question box.
    if (this.isPreparing) return this.refuse({ request: 'ask', reason: 'Your last question is still being prepared.', text });
    if (c.preview) return this.refuse({ request: 'ask', reason: 'Send or cancel the message waiting above first.', text });
    if (c.turns.some((t) => t.role === 'assistant' && t.status === 'streaming')) {
      return this.refuse({ request: 'ask', reason: 'Wait for the answer to finish, or stop it, then ask again.', text });
    }
    if (!c.turns.some((t) => t.role === 'user')) {
      // No key needed yet: the first question only gets its preview, and nothing leaves before Send.
      this.isPreparing = true;
      try {
        await this.addQuestion(c, await this.host.contextFor(text));
      } finally {
        this.isPreparing = false;
      }
      this.postState();
      return this.store.save();
    }
    await this.refreshKey();
    if (!this.hasKey) return this.refuse({ request: 'ask', ...NEEDS_KEY, text });
    // Stored, shown and sent masked: the chat shows «redacted» where a secret was, which is what the API gets.
    const masked = await redact(text);
    if (masked.count) this.host.log(`chat: ${masked.count} secret${masked.count === 1 ? '' : 's'} redacted from a follow-up`);
    const user: StoredUserTurn = { id: this.store.newId('u'), role: 'user', text: masked.text, chips: [] };
    const answer = this.newAnswer();
    c.turns.push(user, answer);
    this.store.touch(c);
    this.host.post({ type: 'turn', turn: user });
    await this.run(c, answer);
  }

  private async send(): Promise<void> {
    const c = this.store.current;
    // Already sent or cancelled (a second click, a stale view): the view gets what is true now.
    if (!c.preview) return this.postState();
    await this.refreshKey();
    // The preview stays, so Send works once the key is set, without asking again.
    if (!this.hasKey) return this.refuse({ request: 'send', ...NEEDS_KEY });
    delete c.preview;
    this.host.post({ type: 'preview', preview: null });
    let answer = c.turns.at(-1);
    if (answer?.role !== 'assistant') {
      answer = this.newAnswer();
      c.turns.push(answer);
    }
    await this.run(c, answer);
  }

  /** The unsent question and its explanation go: a later question starts over, with a preview of its own. */
  private async cancelPreview(): Promise<void> {
    const c = this.store.current;
    if (c.preview) {
      delete c.preview;
      const at = lastUserIndex(c.turns, c.turns.length);
      if (at >= 0) c.turns.splice(at);
    }
    this.postState();
    await this.store.save();
  }

  private async retry(turnId: string): Promise<void> {
    const c = this.store.current;
    const turn = c.turns.find((t): t is AssistantTurn => t.id === turnId && t.role === 'assistant');
    // Gone, or already running again: the view's Retry was stale.
    if (!turn || turn.status === 'streaming' || this.running.has(turnId)) return this.postState();
    await this.refreshKey();
    if (!this.hasKey) return this.refuse({ request: 'retry', ...NEEDS_KEY });
    await this.run(c, turn);
  }

  /** Everything stored and shown is masked here too, whoever built the question (masked text stays as it is). */
  private async addQuestion(c: StoredConversation, q: Question): Promise<void> {
    if (!c.turns.length) c.title = (await redact(q.title)).text;
    if (q.sourceUri) c.sourceUri = q.sourceUri;
    if (q.applyTarget) c.applyTarget = q.applyTarget;
    const payload = await redact(q.preview.message);
    const user: StoredUserTurn = { id: this.store.newId('u'), role: 'user', text: (await redact(q.text)).text, chips: q.chips, payload: payload.text };
    c.turns.push(user);
    // The offline explanation is the first answer; the model's answer streams into the same turn after Send.
    const answer: AssistantTurn = { id: this.store.newId('a'), role: 'assistant', text: '', status: 'done', ...(q.explanation ? { explanation: q.explanation } : {}) };
    c.turns.push(answer);
    c.preview = { message: payload.text, tokens: q.preview.tokens, redactions: q.preview.redactions + payload.count };
    this.store.touch(c);
  }

  private newAnswer(): AssistantTurn {
    return { id: this.store.newId('a'), role: 'assistant', text: '', status: 'streaming' };
  }

  /** Live updates only for the conversation on screen; another one is sent whole when it is opened. */
  private postFor(c: StoredConversation, message: HostMessage): void {
    if (c.id === this.store.current.id) this.host.post(message);
  }

  /** Streams the answer into `turn`; the answer keeps streaming into the store while the view is hidden. */
  private async run(c: StoredConversation, turn: AssistantTurn): Promise<void> {
    const at = c.turns.indexOf(turn);
    const questionAt = lastUserIndex(c.turns, at);
    const question = c.turns[questionAt] as StoredUserTurn | undefined;
    if (!question) {
      this.finish(c, turn, { kind: 'bad-request', message: 'There is no question before this answer to send.', retryable: false }, false);
      return this.store.save();
    }
    turn.text = '';
    turn.status = 'streaming';
    delete turn.error;
    delete turn.usage;
    delete turn.notice;
    this.postFor(c, { type: 'turn', turn });
    this.store.touch(c);
    await this.store.save();

    const abort = new AbortController();
    // A reload mid-answer keeps what had arrived: saved now and then, not on every delta.
    let savedAt = Date.now();
    this.running.set(turn.id, abort);
    let result: AskResult;
    try {
      const [key, settings] = await Promise.all([this.host.apiKey(), this.host.settings()]);
      result = await ask({
        ...settings,
        ...this.askExtras,
        apiKey: key ?? '',
        history: historyFor(c, questionAt),
        message: sentText(question),
        signal: abort.signal,
        onText: (delta) => {
          if (turn.notice) delete turn.notice;
          turn.text += delta;
          this.postFor(c, { type: 'delta', turnId: turn.id, text: delta });
          if (Date.now() - savedAt > SAVE_EVERY_MS) {
            savedAt = Date.now();
            void this.store.save();
          }
        },
        onStatus: (s) => {
          turn.notice = s.message;
          this.postFor(c, { type: 'notice', turnId: turn.id, notice: s.message });
        },
      });
    } catch (e) {
      // ask() never rejects; settings or the key lookup can.
      result = { text: turn.text, usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 }, stopReason: null, incomplete: true, error: { kind: 'bad-request', message: String(e instanceof Error ? e.message : e), retryable: true } };
    } finally {
      this.running.delete(turn.id);
    }
    delete turn.notice;
    turn.usage = result.usage;
    this.finish(c, turn, result.error, result.incomplete);
    this.store.touch(c);
    await this.store.save();
    this.host.log(`OTP expert: ${turn.status}${result.error ? ` (${result.error.kind})` : ''}, ${result.usage.input} in / ${result.usage.output} out / ${result.usage.cacheRead} cached tokens`);
  }

  private finish(c: StoredConversation, turn: AssistantTurn, error: AdvisorError | undefined, incomplete: boolean): void {
    if (error?.kind === 'aborted') {
      turn.status = 'cancelled';
    } else if (error) {
      turn.status = 'error';
      turn.error = { message: error.message, retryable: error.retryable };
      this.postFor(c, { type: 'error', turnId: turn.id, message: error.message, retryable: error.retryable, ...(turn.usage ? { usage: turn.usage } : {}) });
      return;
    } else {
      turn.status = incomplete ? 'incomplete' : 'done';
    }
    this.postFor(c, { type: 'done', turnId: turn.id, status: turn.status, ...(turn.usage ? { usage: turn.usage } : {}) });
  }
}

