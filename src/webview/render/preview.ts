// The exact message the first request of a conversation will send, shown before anything leaves the machine.
// Collapsible; whether it is collapsed is UI state the webview keeps itself (getState/setState).
import type { Preview } from '../protocol';
import { button, formatCount, h } from './dom';

export type PreviewActions = { send(): void; cancel(): void; collapsedChanged(collapsed: boolean): void };

export class PreviewView {
  readonly element: HTMLElement;
  private readonly details: HTMLDetailsElement;
  private readonly meta = h('p', { class: 'preview-meta' });
  private readonly message = h('pre', { class: 'preview-message', attrs: { tabindex: '0', 'aria-label': 'Message to be sent' } });
  readonly sendButton: HTMLButtonElement;

  constructor(actions: PreviewActions, collapsed: boolean) {
    this.sendButton = button('Send', actions.send, { attrs: { 'aria-label': 'Send this message to the expert' } });
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
      h('div', { class: 'preview-actions' }, this.sendButton, button('Cancel', actions.cancel, { class: 'secondary', attrs: { 'aria-label': 'Cancel, send nothing' } })),
    );
    this.element.hidden = true;
  }

  get isShown(): boolean {
    return !this.element.hidden;
  }

  show(preview: Preview | undefined): void {
    this.element.hidden = !preview;
    if (!preview) return;
    const redacted = preview.redactions === 0 ? 'nothing redacted' : `${formatCount(preview.redactions)} secret${preview.redactions === 1 ? '' : 's'} redacted`;
    this.meta.textContent = `About ${formatCount(preview.tokens)} tokens, ${redacted}.`;
    this.message.textContent = preview.message;
  }
}
