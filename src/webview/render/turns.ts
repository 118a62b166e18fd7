// One view per turn: a user question with its context chips, or an assistant answer (offline explanation, streamed
// markdown, notice, status, error with Retry, token usage). Host text goes in as text nodes; markdown goes through
// markdown.ts.
import type { AnswerStatus, AssistantTurn, Chip, Usage, UserTurn } from '../protocol';
import { button, formatCount, h, withPathBreaks } from './dom';
import { renderMarkdown, type OnCodeAction } from './markdown';
import { StreamingMarkdown } from './streaming-markdown';

/** What a screen reader hears when an answer ends this way. */
export const STATUS_ANNOUNCEMENT: Record<string, string> = {
  done: 'Answer complete.',
  incomplete: 'Answer incomplete.',
  cancelled: 'Answer stopped.',
};

export type TurnActions = { onCode: OnCodeAction; retry(turnId: string): void };

const CHIP_KIND: Record<Chip['kind'], string> = { code: 'Code', rule: 'Rule', test: 'Test', phase: 'Phase' };

export function userTurnElement(turn: UserTurn): HTMLElement {
  const chips = turn.chips.map((chip) =>
    h(
      'li',
      { class: `chip chip-${chip.kind}`, attrs: { title: chip.title ?? chip.label } },
      h('span', { class: 'chip-kind' }, CHIP_KIND[chip.kind]),
      ' ',
      h('span', { class: 'chip-label' }, chip.label),
    ),
  );
  return h(
    'article',
    { class: 'turn user', attrs: { 'aria-label': 'Your question', 'data-turn-id': turn.id } },
    chips.length > 0 && h('ul', { class: 'chips', attrs: { 'aria-label': 'Context sent' } }, ...chips),
    h('p', { class: 'question' }, ...withPathBreaks(turn.text)),
  );
}

const INCOMPLETE: Partial<Record<AnswerStatus, string>> = {
  incomplete: 'Incomplete answer: it was cut short.',
  cancelled: 'Stopped: the answer is incomplete.',
  error: 'Incomplete answer.',
};

export class AssistantTurnView {
  readonly element: HTMLElement;
  private readonly answer: StreamingMarkdown;
  private readonly explanation = h('section', { class: 'explanation', attrs: { 'aria-label': 'Rule explanation' } });
  private readonly pending = h('p', { class: 'pending' }, 'Waiting for the answer…');
  private readonly notice = h('p', { class: 'notice' });
  private readonly footer = h('div', { class: 'turn-footer' });
  private turn: AssistantTurn;
  /** The waiting line or a notice must go once the first delta lands; otherwise status is left alone per frame. */
  private statusStale = false;

  constructor(
    turn: AssistantTurn,
    private readonly actions: TurnActions,
  ) {
    this.turn = turn;
    this.answer = new StreamingMarkdown(actions.onCode);
    this.answer.element.classList.add('answer');
    this.element = h(
      'article',
      { class: 'turn assistant', attrs: { 'aria-label': 'Answer', 'data-turn-id': turn.id } },
      this.explanation,
      this.answer.element,
      this.pending,
      this.notice,
      this.footer,
    );
    this.update(turn);
  }

  get id(): string {
    return this.turn.id;
  }

  get status(): AnswerStatus {
    return this.turn.status;
  }

  /** The host re-sent the whole turn. */
  update(turn: AssistantTurn): void {
    const explanationChanged = turn.explanation !== this.turn.explanation || this.explanation.childElementCount === 0;
    this.turn = turn;
    if (explanationChanged) this.renderExplanation();
    this.answer.reset(turn.text);
    this.answer.render(turn.status !== 'streaming');
    this.renderStatus();
  }

  appendDelta(text: string): void {
    if (this.turn.text === '' || this.turn.notice !== undefined) this.statusStale = true;
    this.answer.append(text);
    this.turn = { ...this.turn, text: this.answer.value, notice: undefined };
  }

  /** Renders what of the streamed text is due (see nextRenderIn). */
  renderPending(now: number): void {
    this.answer.render(false, now);
    if (this.statusStale) this.renderStatus();
  }

  nextRenderIn(now: number): number | undefined {
    return this.answer.nextRenderIn(now);
  }

  setNotice(notice: string): void {
    this.turn = { ...this.turn, notice };
    this.renderStatus();
  }

  finish(status: AnswerStatus, usage: Usage | undefined, error?: AssistantTurn['error']): void {
    this.turn = { ...this.turn, status, usage: usage ?? this.turn.usage, error, notice: undefined };
    this.answer.render(true);
    this.renderStatus();
  }

  private renderExplanation(): void {
    const source = this.turn.explanation;
    this.explanation.hidden = !source;
    this.explanation.replaceChildren();
    if (source) this.explanation.append(h('p', { class: 'section-label' }, 'Rule explanation (offline)'), renderMarkdown(source, this.actions.onCode));
  }

  private renderStatus(): void {
    this.statusStale = false;
    const { status, notice, error, usage, text } = this.turn;
    this.element.dataset.status = status;
    this.answer.element.setAttribute('aria-busy', String(status === 'streaming'));
    this.pending.hidden = !(status === 'streaming' && text === '' && !notice);
    this.notice.hidden = !notice;
    this.notice.textContent = notice ?? '';

    const mark = status === 'error' && text === '' ? undefined : INCOMPLETE[status];
    this.footer.replaceChildren();
    if (mark) this.footer.append(h('p', { class: 'incomplete-mark' }, mark));
    if (status === 'error' && error) {
      this.footer.append(h('p', { class: 'error-message', attrs: { role: 'alert' } }, error.message));
      if (error.retryable) this.footer.append(button('Retry', () => this.actions.retry(this.turn.id), { class: 'secondary', attrs: { 'aria-label': 'Retry this answer' } }));
    }
    if (usage) this.footer.append(usageElement(usage));
  }
}

function usageElement(usage: Usage): HTMLElement {
  const parts = [`${formatCount(usage.input)} in`, `${formatCount(usage.output)} out`, `${formatCount(usage.cacheRead)} cached`];
  if (usage.cacheWrite > 0) parts.push(`${formatCount(usage.cacheWrite)} written to cache`);
  return h('p', { class: 'usage', attrs: { title: 'Tokens used by this answer' } }, `Tokens: ${parts.join(' · ')}`);
}
