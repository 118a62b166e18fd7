// The question box. Enter asks, Shift+Enter is a newline; while an answer streams the button stops it instead.
// While a preview waits for Send or Cancel nothing can be asked (the host would queue a second first message), but
// the draft stays editable. The draft is kept in webview state so it survives the view being hidden and restored.
// A question the host turns down comes back into the box, with the reason above it.
import { button, h } from './dom';

export type ComposerActions = { ask(text: string): void; stop(turnId: string): void; setKey(): void; draftChanged(draft: string): void };

export class ComposerView {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly action: HTMLButtonElement;
  private readonly hint = h('p', { class: 'composer-hint', attrs: { id: 'composer-hint' } }, 'Send or cancel the preview first.');
  private readonly problem = h('div', { class: 'inline-problem composer-problem', attrs: { role: 'alert' } });
  private streamingTurnId: string | undefined;
  private isPreviewPending = false;
  private isProblemAboutKey = false;

  constructor(
    private readonly actions: ComposerActions,
    draft: string,
  ) {
    this.input = h('textarea', {
      class: 'question-input',
      attrs: { rows: '2', placeholder: 'Ask the OTP expert (Enter to send, Shift+Enter for a new line)', 'aria-label': 'Question for the OTP expert' },
      on: {
        keydown: (e) => this.onKeyDown(e),
        input: () => actions.draftChanged(this.input.value),
      },
    });
    this.input.value = draft;
    this.action = button('Ask', () => this.onAction());
    this.element = h('form', { class: 'composer', attrs: { 'aria-label': 'Ask a question' }, on: { submit: (e) => e.preventDefault() } }, this.problem, this.hint, this.input, this.action);
    this.problem.hidden = true;
    this.refresh();
  }

  /** The host turned a request down: say why; a refused question goes back into the box unless something else was typed since. */
  showProblem(reason: string, needsKey: boolean, text: string | undefined): void {
    this.isProblemAboutKey = needsKey;
    this.problem.replaceChildren(h('p', {}, reason), ...(needsKey ? [button('Set API key', this.actions.setKey, { attrs: { 'aria-label': 'Set the Anthropic API key' } })] : []));
    this.problem.hidden = false;
    if (text !== undefined && this.input.value.trim() === '') {
      this.input.value = text;
      this.actions.draftChanged(text);
    }
  }

  /** The key is set: a "no key" problem no longer holds. */
  keySet(): void {
    if (this.isProblemAboutKey) this.clearProblem();
  }

  private clearProblem(): void {
    this.isProblemAboutKey = false;
    this.problem.hidden = true;
    this.problem.replaceChildren();
  }

  setStreaming(turnId: string | undefined): void {
    this.streamingTurnId = turnId;
    this.refresh();
  }

  setPreviewPending(pending: boolean): void {
    this.isPreviewPending = pending;
    this.refresh();
  }

  private get canAsk(): boolean {
    return !this.streamingTurnId && !this.isPreviewPending;
  }

  private refresh(): void {
    const streaming = !!this.streamingTurnId;
    this.action.textContent = streaming ? 'Stop' : 'Ask';
    this.action.classList.toggle('secondary', streaming);
    this.action.setAttribute('aria-label', streaming ? 'Stop the answer' : 'Ask the OTP expert');
    this.action.disabled = !streaming && this.isPreviewPending;
    this.hint.hidden = !this.isPreviewPending;
    if (this.isPreviewPending) this.input.setAttribute('aria-describedby', this.hint.id);
    else this.input.removeAttribute('aria-describedby');
  }

  private onKeyDown(e: KeyboardEvent): void {
    // isComposing: Enter that confirms an IME composition is not a send.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    if (this.canAsk) this.ask();
  }

  private onAction(): void {
    if (this.streamingTurnId) this.actions.stop(this.streamingTurnId);
    else if (this.canAsk) this.ask();
  }

  private ask(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.clearProblem();
    this.actions.ask(text);
    this.input.value = '';
    this.actions.draftChanged('');
  }
}
