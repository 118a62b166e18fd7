// The exact message the first request of a conversation will send, shown before anything leaves the machine.
// Collapsible; whether it is collapsed is UI state the webview keeps itself (getState/setState). Send and Cancel wait
// for the host's answer: the preview goes only when the host says so, and stays with the reason when it refuses.
import type { Preview } from '../protocol';
import { button, formatCount, h, withPathBreaks } from './dom';

export type PreviewActions = { send(): void; cancel(): void; setKey(): void; collapsedChanged(collapsed: boolean): void };

export class PreviewView {
  readonly element: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly meta = h('p', { class: 'preview-meta' });
  private readonly message = h('pre', { class: 'preview-message', attrs: { tabindex: '0', 'aria-label': 'Message to be sent' } });
  private readonly problem = h('div', { class: 'inline-problem', attrs: { role: 'alert' } });
  private readonly cancelButton: HTMLButtonElement;
  readonly sendButton: HTMLButtonElement;
  private shownMessage: string | undefined;
  private isProblemAboutKey = false;

  constructor(
    private readonly actions: PreviewActions,
    collapsed: boolean,
  ) {
    this.sendButton = button('Send', actions.send, { attrs: { 'aria-label': 'Send this message to the expert' } });
    this.cancelButton = button('Cancel', actions.cancel, { class: 'secondary', attrs: { 'aria-label': 'Cancel, send nothing' } });
    this.details = h(
      'details',
      { on: { toggle: () => actions.collapsedChanged(!this.details.open) } },
      h('summary', {}, 'Message to be sent'),
      this.meta,
      this.message,
    );
    this.details.open = !collapsed;
    this.element = h(
      'section',
      { class: 'preview', attrs: { 'aria-label': 'Preview of the message to be sent' } },
      this.details,
      this.problem,
      h('div', { class: 'preview-actions' }, this.sendButton, this.cancelButton),
    );
    this.element.hidden = true;
    this.problem.hidden = true;
  }

  get isShown(): boolean {
    return !this.element.hidden;
  }

  show(preview: Preview | undefined): void {
    this.setWaiting(false);
    this.element.hidden = !preview;
    // A problem belongs to the message it was about.
    if (preview?.message !== this.shownMessage) this.clearProblem();
    this.shownMessage = preview?.message;
    if (!preview) return;
    const redacted = preview.redactions === 0 ? 'nothing redacted' : `${formatCount(preview.redactions)} secret${preview.redactions === 1 ? '' : 's'} redacted`;
    this.meta.textContent = `About ${formatCount(preview.tokens)} tokens, ${redacted}.`;
    this.message.replaceChildren(...withPathBreaks(preview.message));
  }

  /** Send or Cancel was pressed: both wait for the host, so a second click cannot send twice. */
  setWaiting(waiting: boolean): void {
    this.sendButton.disabled = waiting;
    this.cancelButton.disabled = waiting;
    this.element.setAttribute('aria-busy', String(waiting));
  }

  /** The host turned Send (or Cancel) down: the preview stays, with why, and the key action when that is why. */
  showProblem(reason: string, needsKey: boolean): void {
    this.setWaiting(false);
    this.isProblemAboutKey = needsKey;
    this.problem.replaceChildren(h('p', {}, reason), ...(needsKey ? [button('Set API key', this.actions.setKey, { attrs: { 'aria-label': 'Set the Anthropic API key' } })] : []));
    this.problem.hidden = false;
  }

  /** The key is set: a "no key" problem no longer holds, and Send will work. */
  keySet(): void {
    if (this.isProblemAboutKey) this.clearProblem();
  }

  private clearProblem(): void {
    this.isProblemAboutKey = false;
    this.problem.hidden = true;
    this.problem.replaceChildren();
  }
}
