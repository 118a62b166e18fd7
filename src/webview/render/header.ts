// The top of the chat: TDD phase (a button that asks the host to change it), persona, New conversation, the list of
// earlier conversations, and the blocker (no API key) with its fix. The blocker stays above the conversation, so once
// read it folds to one line that keeps the fix ("Got it"); the webview remembers that it was read.
import type { Blocker, ChatHeader, ConversationSummary } from '../protocol';
import { button, h } from './dom';

export type HeaderActions = {
  changePhase(): void;
  newConversation(): void;
  openConversation(id: string): void;
  setKey(): void;
  blockerCollapsedChanged(collapsed: boolean): void;
};

const PHASE_LABEL = { red: 'RED', green: 'GREEN', refactor: 'REFACTOR' } as const;

export class HeaderView {
  readonly element: HTMLElement;
  private readonly phase: HTMLButtonElement;
  private readonly persona = h('span', { class: 'persona' });
  private readonly historyList = h('ul', { class: 'history-list' });
  private readonly historySummary = h('summary', {}, 'History');
  private readonly history = h('details', { class: 'history' }, this.historySummary, this.historyList);
  private readonly blocker = h('div', { class: 'blocker', attrs: { role: 'alert' } });
  private shownBlocker: Blocker | undefined;
  private renderedBlocker: string | undefined;

  constructor(
    private readonly actions: HeaderActions,
    private isBlockerCollapsed: boolean,
  ) {
    this.phase = button('', actions.changePhase, { class: 'phase' });
    this.element = h(
      'header',
      { class: 'chat-header' },
      h('div', { class: 'header-row' }, this.phase, this.persona),
      h(
        'div',
        { class: 'header-row toolbar' },
        button('New conversation', actions.newConversation, { class: 'secondary', attrs: { 'aria-label': 'Start a new conversation' } }),
        this.history,
      ),
      this.blocker,
    );
    this.blocker.hidden = true;
  }

  setHeader(header: ChatHeader): void {
    const setting = header.phaseSetting === 'auto' ? 'auto' : 'set by you';
    this.phase.textContent = `${PHASE_LABEL[header.phase]} phase`;
    this.phase.dataset.phase = header.phase;
    this.phase.title = `${header.phaseReason} (${setting}). Click to change.`;
    this.phase.setAttribute('aria-label', `TDD phase ${header.phase}, ${setting}: ${header.phaseReason}. Change phase`);
    this.persona.textContent = header.persona;
    this.persona.title = `Persona: ${header.persona}`;
  }

  setHistory(history: ConversationSummary[], currentId: string): void {
    this.historySummary.textContent = `History (${history.length})`;
    this.historyList.replaceChildren(
      ...history.map((c) => {
        const current = c.id === currentId;
        const open = button('', () => this.actions.openConversation(c.id), {
          attrs: { 'aria-label': `${c.title}, ${c.turns} turns${current ? ', current conversation' : ''}` },
        });
        open.append(h('span', { class: 'history-title' }, c.title), h('span', { class: 'history-meta' }, `${shortDate(c.updated)} · ${c.turns} turns`));
        if (current) open.setAttribute('aria-current', 'true');
        return h('li', {}, open);
      }),
    );
    this.history.hidden = history.length === 0;
  }

  setBlocker(blocker: Blocker | undefined): void {
    // Every state carries the blocker: an alert rebuilt unchanged would be announced again.
    const rendered = blocker && `${this.isBlockerCollapsed}:${blocker.message}`;
    if (rendered === this.renderedBlocker) return;
    this.renderedBlocker = rendered;
    this.shownBlocker = blocker;
    this.blocker.hidden = !blocker;
    this.blocker.replaceChildren();
    this.blocker.classList.toggle('is-collapsed', this.isBlockerCollapsed);
    if (!blocker) return;
    const setKey = button('Set API key', this.actions.setKey);
    if (this.isBlockerCollapsed) {
      const more = button('Why?', () => this.collapseBlocker(false), { class: 'secondary', attrs: { 'aria-expanded': 'false', 'aria-label': 'Show why an API key is needed' } });
      this.blocker.append(h('span', { class: 'blocker-title' }, 'No API key'), setKey, more);
    } else {
      const gotIt = button('Got it', () => this.collapseBlocker(true), { class: 'secondary', attrs: { 'aria-expanded': 'true', 'aria-label': 'Fold this message to one line' } });
      this.blocker.append(h('p', {}, blocker.message), h('div', { class: 'blocker-actions' }, setKey, gotIt));
    }
  }

  private collapseBlocker(collapsed: boolean): void {
    this.isBlockerCollapsed = collapsed;
    this.actions.blockerCollapsedChanged(collapsed);
    this.setBlocker(this.shownBlocker);
    this.blocker.querySelector<HTMLButtonElement>('button[aria-expanded]')?.focus();
  }
}

/** `2025-01-02 10:05` in local time: the same shape in every locale, sortable at a glance, short enough for a sidebar. */
function shortDate(ms: number): string {
  const d = new Date(ms);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
}
