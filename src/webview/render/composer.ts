// The question box. Enter asks, Shift+Enter is a newline; while an answer streams the button stops it instead.
// The draft is kept in webview state so it survives the view being hidden and restored.
import { button, h } from './dom';

export type ComposerActions = { ask(text: string): void; stop(turnId: string): void; draftChanged(draft: string): void };

export class ComposerView {
  readonly element: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly action: HTMLButtonElement;
  private streamingTurnId: string | undefined;

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
    this.element = h('form', { class: 'composer', attrs: { 'aria-label': 'Ask a question' }, on: { submit: (e) => e.preventDefault() } }, this.input, this.action);
    this.setStreaming(undefined);
  }

  setStreaming(turnId: string | undefined): void {
    this.streamingTurnId = turnId;
    this.action.textContent = turnId ? 'Stop' : 'Ask';
    this.action.classList.toggle('secondary', !!turnId);
    this.action.setAttribute('aria-label', turnId ? 'Stop the answer' : 'Ask the OTP expert');
  }

  private onKeyDown(e: KeyboardEvent): void {
    // isComposing: Enter that confirms an IME composition is not a send.
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    e.preventDefault();
    if (!this.streamingTurnId) this.ask();
  }

  private onAction(): void {
    if (this.streamingTurnId) this.actions.stop(this.streamingTurnId);
    else this.ask();
  }

  private ask(): void {
    const text = this.input.value.trim();
    if (!text) return;
    this.actions.ask(text);
    this.input.value = '';
    this.actions.draftChanged('');
  }
}
