// The chat UI: applies each validated host message to the views. Deltas are buffered; a frame is asked for only when
// an answer has something due on screen (streaming-markdown.ts decides when: a host message, sent at most every
// 200 ms, is due on arrival, so it needs no timer), as every frame that changes the page costs style, layout and paint
// whatever changed. Done and error render at once so the final state never waits. Messages about a turn not on screen are dropped: the host may stream into another conversation.
import type { ChatState, HostMessage, Preview, Turn } from './protocol';
import type { CodeStatus } from './render/markdown';
import { h } from './render/dom';
import { BottomFollower } from './render/bottom-follower';
import { ComposerView } from './render/composer';
import { HeaderView } from './render/header';
import { PreviewView } from './render/preview';
import { AssistantTurnView, STATUS_ANNOUNCEMENT, userTurnElement, type TurnActions } from './render/turns';
import type { Host } from './vscode-api';

export class ChatApp {
  private readonly header: HeaderView;
  private readonly preview: PreviewView;
  private readonly composer: ComposerView;
  private readonly turnActions: TurnActions;
  private readonly turnsList = h('div', { class: 'turns' });
  private readonly emptyHint = h('p', { class: 'empty-hint' }, 'Ask about the code in the editor, or choose "Ask OTP Expert about this" on a finding.');
  private readonly scroller: HTMLElement;
  private readonly live = h('div', { class: 'visually-hidden', attrs: { 'aria-live': 'polite', role: 'status' } });
  /** Assistant turns by id, the only turns that change after they arrive. */
  private readonly answers = new Map<string, AssistantTurnView>();
  private readonly dirty = new Set<AssistantTurnView>();
  private frame: number | undefined;
  /** A timer that asks for the frame once the earliest dirty answer is due, and when it fires. */
  private wake: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Infinity;
  private conversationId = '';
  /** Where each Apply still waiting for the host shows its outcome, by the id sent with it. */
  private readonly applying = new Map<string, CodeStatus>();
  private applyCount = 0;
  private readonly follower: BottomFollower;

  constructor(
    root: HTMLElement,
    private readonly host: Host,
  ) {
    const post = host.post;
    this.turnActions = {
      onCode: (action, code, status) => {
        if (action !== 'apply') return post({ type: action, code });
        const id = `apply-${++this.applyCount}`;
        this.applying.set(id, status);
        status('Review the change in the diff, then confirm or cancel it.', 'pending');
        post({ type: 'apply', id, code });
      },
      retry: (turnId) => post({ type: 'retry', turnId }),
    };
    const setKey = () => post({ type: 'setKey' });
    this.header = new HeaderView(
      {
        changePhase: () => post({ type: 'changePhase' }),
        newConversation: () => post({ type: 'newConversation' }),
        openConversation: (id) => post({ type: 'openConversation', id }),
        setKey,
        blockerCollapsedChanged: (blockerCollapsed) => host.saveUi({ blockerCollapsed }),
      },
      host.ui.blockerCollapsed,
    );
    this.preview = new PreviewView(
      {
        send: () => this.answerPreview('send'),
        cancel: () => this.answerPreview('cancelPreview'),
        setKey,
        collapsedChanged: (previewCollapsed) => host.saveUi({ previewCollapsed }),
      },
      host.ui.previewCollapsed,
    );
    this.composer = new ComposerView(
      {
        ask: (text) => post({ type: 'ask', text }),
        stop: (turnId) => post({ type: 'stop', turnId }),
        setKey,
        draftChanged: (draft) => host.saveUi({ draft }),
      },
      host.ui.draft,
    );
    this.scroller = h('main', { class: 'conversation', attrs: { 'aria-label': 'Conversation' } }, this.emptyHint, this.turnsList, this.preview.element);
    this.follower = new BottomFollower(this.scroller);
    this.scroller.append(this.follower.element);
    // Links never navigate the webview: the host decides whether to open them (http and https only).
    this.scroller.addEventListener('click', (e) => this.interceptLink(e));
    this.scroller.addEventListener('auxclick', (e) => this.interceptLink(e));
    // The window, not the root: after a click on text, focus is on the body.
    window.addEventListener('keydown', (e) => this.onKeyDown(e));
    root.replaceChildren(this.header.element, this.scroller, this.composer.element, this.live);
  }

  handle(msg: HostMessage): void {
    switch (msg.type) {
      case 'state':
        return this.setState(msg.state);
      case 'header':
        return this.header.setHeader(msg.header);
      case 'turn':
        return this.upsertTurn(msg.turn);
      case 'delta': {
        const view = this.answers.get(msg.turnId);
        if (!view) return;
        view.appendDelta(msg.text);
        this.dirty.add(view);
        return this.schedule();
      }
      case 'notice': {
        const view = this.answers.get(msg.turnId);
        if (!view) return;
        view.setNotice(msg.notice);
        this.announce(msg.notice);
        return;
      }
      case 'done': {
        const view = this.answers.get(msg.turnId);
        if (!view) return;
        this.dirty.delete(view);
        view.finish(msg.status, msg.usage);
        this.announce(STATUS_ANNOUNCEMENT[msg.status]);
        return this.updateComposer();
      }
      case 'error': {
        const view = this.answers.get(msg.turnId);
        if (!view) return;
        this.dirty.delete(view);
        view.finish('error', msg.usage, { message: msg.message, retryable: msg.retryable });
        this.announce(`Error: ${msg.message}`);
        return this.updateComposer();
      }
      case 'preview':
        this.showPreview(msg.preview ?? undefined);
        if (msg.preview) {
          this.preview.element.scrollIntoView({ block: 'nearest' });
          this.preview.sendButton.focus();
        }
        return;
      case 'blocker':
        this.header.setBlocker(msg.blocker ?? undefined);
        if (!msg.blocker) {
          this.preview.keySet();
          this.composer.keySet();
        }
        return;
      case 'refused':
        // Send and Cancel were pressed on the preview: the answer goes there. Anything else, above the question box.
        if (msg.request === 'send' || msg.request === 'cancelPreview') {
          this.preview.showProblem(msg.reason, msg.needsKey === true);
          this.preview.element.scrollIntoView({ block: 'nearest' });
        } else {
          this.composer.showProblem(msg.reason, msg.needsKey === true, msg.text);
        }
        this.announce(msg.reason);
        return;
      case 'applyResult':
        // The block may have been re-rendered meanwhile (a new state): the outcome is still announced.
        this.applying.get(msg.id)?.(msg.message, msg.outcome);
        this.applying.delete(msg.id);
        this.announce(msg.message);
        return;
    }
  }

  private setState(state: ChatState): void {
    this.header.setHeader(state.header);
    this.header.setHistory(state.history, state.conversation.id);
    this.header.setBlocker(state.blocker);
    const switched = state.conversation.id !== this.conversationId;
    this.conversationId = state.conversation.id;
    this.answers.clear();
    this.dirty.clear();
    this.turnsList.replaceChildren();
    for (const turn of state.conversation.turns) this.upsertTurn(turn);
    this.showPreview(state.conversation.preview);
    this.follower.jump(switched);
  }

  private upsertTurn(turn: Turn): void {
    if (turn.role === 'assistant') {
      const existing = this.answers.get(turn.id);
      if (existing) {
        this.dirty.delete(existing);
        existing.update(turn);
      } else {
        const view = new AssistantTurnView(turn, this.turnActions);
        this.answers.set(turn.id, view);
        this.turnsList.append(view.element);
      }
      if (turn.status === 'streaming') this.announce('The expert is answering…');
    } else {
      const element = userTurnElement(turn);
      const existing = this.turnsList.querySelector(`:scope > [data-turn-id="${CSS.escape(turn.id)}"]`);
      if (existing) existing.replaceWith(element);
      else this.turnsList.append(element);
    }
    this.emptyHint.hidden = this.turnsList.childElementCount > 0;
    this.updateComposer();
  }

  /** Asks for a frame when the earliest dirty answer has something due: at once, or by a timer. */
  private schedule(): void {
    if (this.frame !== undefined) return;
    const now = performance.now();
    let wait = Infinity;
    for (const view of this.dirty) {
      const due = view.nextRenderIn(now);
      if (due === undefined) this.dirty.delete(view);
      else wait = Math.min(wait, due);
    }
    if (wait === Infinity || now + wait >= this.wakeAt) return;
    clearTimeout(this.wake);
    this.wake = undefined;
    this.wakeAt = Infinity;
    if (wait === 0) {
      this.frame = requestAnimationFrame(() => this.flush());
      return;
    }
    this.wakeAt = now + wait;
    this.wake = setTimeout(() => {
      this.wake = undefined;
      this.wakeAt = Infinity;
      this.frame ??= requestAnimationFrame(() => this.flush());
    }, Math.ceil(wait));
  }

  private flush(): void {
    this.frame = undefined;
    const now = performance.now();
    for (const view of this.dirty) view.renderPending(now);
    this.schedule();
  }

  private streamingTurnId(): string | undefined {
    for (const view of this.answers.values()) if (view.status === 'streaming') return view.id;
    return undefined;
  }

  private updateComposer(): void {
    this.composer.setStreaming(this.streamingTurnId());
    this.composer.setPreviewPending(this.preview.isShown);
  }

  private showPreview(preview: Preview | undefined): void {
    // Focus was on Send or Cancel (or dropped to the body when they were disabled): it moves on to the question box.
    const active = document.activeElement;
    const hadFocus = active === document.body || this.preview.element.contains(active);
    const wasShown = this.preview.isShown;
    this.preview.show(preview);
    this.updateComposer();
    if (wasShown && !preview && hadFocus) this.composer.input.focus();
  }

  /** The preview stays until the host answers: `preview: null` once sent or cancelled, or `refused` with the reason. */
  private answerPreview(type: 'send' | 'cancelPreview'): void {
    this.preview.setWaiting(true);
    this.host.post({ type });
  }

  /** Escape anywhere in the chat stops the answer being streamed, as the Stop button does. */
  private onKeyDown(e: KeyboardEvent): void {
    if (e.key !== 'Escape' || e.isComposing) return;
    const turnId = this.streamingTurnId();
    if (!turnId) return;
    e.preventDefault();
    this.host.post({ type: 'stop', turnId });
  }

  private announce(text: string | undefined): void {
    if (text) this.live.textContent = text;
  }

  private interceptLink(e: MouseEvent): void {
    const link = e.target instanceof Element ? e.target.closest('a') : null;
    if (!link) return;
    e.preventDefault();
    const href = link.getAttribute('href');
    if (href && e.type === 'click') this.host.post({ type: 'openLink', href });
  }
}
