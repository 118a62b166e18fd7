// The chat UI: applies each validated host message to the views. Deltas are buffered and rendered at most once per
// animation frame; done and error render at once so the final state never waits for a frame.
import type { ChatState, HostMessage, Turn } from './protocol';
import { h } from './render/dom';
import { ComposerView } from './render/composer';
import { HeaderView } from './render/header';
import { PreviewView } from './render/preview';
import { AssistantTurnView, userTurnElement, type TurnActions } from './render/turns';
import type { Host } from './vscode-api';

const STATUS_ANNOUNCEMENT: Record<string, string> = {
  done: 'Answer complete.',
  incomplete: 'Answer incomplete.',
  cancelled: 'Answer stopped.',
};

export class ChatApp {
  private readonly header: HeaderView;
  private readonly preview: PreviewView;
  private readonly composer: ComposerView;
  private readonly turnActions: TurnActions;
  private readonly turnsList = h('div', { class: 'turns' });
  private readonly emptyHint = h('p', { class: 'empty-hint' }, 'Ask about the code in the editor, or choose "Ask OTP expert about this" on a finding.');
  private readonly scroller: HTMLElement;
  private readonly live = h('div', { class: 'visually-hidden', attrs: { 'aria-live': 'polite', role: 'status' } });
  /** Assistant turns by id, the only turns that change after they arrive. */
  private readonly answers = new Map<string, AssistantTurnView>();
  private readonly dirty = new Set<AssistantTurnView>();
  private frame: number | undefined;
  private conversationId = '';

  constructor(
    root: HTMLElement,
    private readonly host: Host,
  ) {
    const post = host.post;
    this.turnActions = {
      onCode: (action, code) => post({ type: action, code }),
      retry: (turnId) => post({ type: 'retry', turnId }),
    };
    this.header = new HeaderView({
      changePhase: () => post({ type: 'changePhase' }),
      newConversation: () => post({ type: 'newConversation' }),
      openConversation: (id) => post({ type: 'openConversation', id }),
      setKey: () => post({ type: 'setKey' }),
    });
    this.preview = new PreviewView(
      {
        // Hidden at once so a second click cannot send twice; the host shows it again if it still needs it.
        send: () => this.sendPreview('send'),
        cancel: () => this.sendPreview('cancelPreview'),
        collapsedChanged: (previewCollapsed) => host.saveUi({ previewCollapsed }),
      },
      host.ui.previewCollapsed,
    );
    this.composer = new ComposerView(
      {
        ask: (text) => post({ type: 'ask', text }),
        stop: (turnId) => post({ type: 'stop', turnId }),
        draftChanged: (draft) => host.saveUi({ draft }),
      },
      host.ui.draft,
    );
    this.scroller = h('main', { class: 'conversation', attrs: { 'aria-label': 'Conversation' } }, this.emptyHint, this.turnsList, this.preview.element);
    // Links never navigate the webview: the host decides whether to open them (http and https only).
    this.scroller.addEventListener('click', (e) => this.interceptLink(e));
    this.scroller.addEventListener('auxclick', (e) => this.interceptLink(e));
    root.replaceChildren(this.header.element, this.scroller, this.composer.element, this.live);
  }

  handle(msg: HostMessage): void {
    switch (msg.type) {
      case 'state':
        return this.setState(msg.state);
      case 'header':
        return this.header.setHeader(msg.header);
      case 'turn':
        return this.keepScrolled(() => this.upsertTurn(msg.turn));
      case 'delta': {
        const view = this.answers.get(msg.turnId);
        if (!view) return;
        view.appendDelta(msg.text);
        this.dirty.add(view);
        this.frame ??= requestAnimationFrame(() => this.flush());
        return;
      }
      case 'notice':
        this.answers.get(msg.turnId)?.setNotice(msg.notice);
        this.announce(msg.notice);
        return;
      case 'done': {
        const view = this.answers.get(msg.turnId);
        if (!view) return;
        this.dirty.delete(view);
        this.keepScrolled(() => view.finish(msg.status, msg.usage));
        this.announce(STATUS_ANNOUNCEMENT[msg.status]);
        return this.updateComposer();
      }
      case 'error': {
        const view = this.answers.get(msg.turnId);
        if (!view) return;
        this.dirty.delete(view);
        this.keepScrolled(() => view.finish('error', msg.usage, { message: msg.message, retryable: msg.retryable }));
        this.announce(`Error: ${msg.message}`);
        return this.updateComposer();
      }
      case 'preview':
        this.preview.show(msg.preview ?? undefined);
        if (msg.preview) {
          this.preview.element.scrollIntoView({ block: 'nearest' });
          this.preview.sendButton.focus();
        }
        return;
      case 'blocker':
        return this.header.setBlocker(msg.blocker ?? undefined);
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
    this.preview.show(state.conversation.preview);
    if (switched) this.scroller.scrollTop = this.scroller.scrollHeight;
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

  private flush(): void {
    this.frame = undefined;
    this.keepScrolled(() => {
      for (const view of this.dirty) view.renderPending();
    });
    this.dirty.clear();
  }

  private updateComposer(): void {
    const streaming = [...this.answers.values()].find((v) => v.status === 'streaming');
    this.composer.setStreaming(streaming?.id);
  }

  private sendPreview(type: 'send' | 'cancelPreview'): void {
    this.preview.show(undefined);
    this.host.post({ type });
    this.composer.input.focus();
  }

  /** Follows a growing answer only if the reader was already at the bottom. */
  private keepScrolled(change: () => void): void {
    const s = this.scroller;
    const atBottom = s.scrollHeight - s.scrollTop - s.clientHeight < 32;
    change();
    if (atBottom) s.scrollTop = s.scrollHeight;
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
