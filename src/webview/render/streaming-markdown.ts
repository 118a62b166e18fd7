// An answer that grows by deltas. Re-rendering the whole answer per delta costs O(n²) over a long answer, so the
// top-level blocks that can no longer change stay rendered ("settled") and only the trailing, still-open block is
// re-parsed and replaced. Appending text can only change the last block: a finished block is followed by another one.
import type { Token } from 'marked';
import { h } from './dom';
import { lexBlocks, renderBlocks, type OnCodeAction } from './markdown';

export class StreamingMarkdown {
  readonly element: HTMLElement;
  private readonly settled = h('div', { class: 'md-settled' });
  private readonly open = h('div', { class: 'md-open' });
  private text = '';
  /** Length of the prefix of `text` whose blocks are in `settled`. */
  private settledLength = 0;
  /** Length of `text` when it was last rendered, to skip renders that would change nothing. */
  private renderedLength = -1;

  constructor(private readonly onCode: OnCodeAction) {
    this.element = h('div', { class: 'markdown' }, this.settled, this.open);
  }

  get value(): string {
    return this.text;
  }

  append(delta: string): void {
    this.text += delta;
  }

  /** Starts over with a whole new text (a turn re-sent by the host). */
  reset(text: string): void {
    this.text = text;
    this.settledLength = 0;
    this.renderedLength = -1;
    this.settled.replaceChildren();
    this.open.replaceChildren();
  }

  /** Renders what arrived since the last call; `final` settles everything (the answer will not grow). */
  render(final: boolean): void {
    if (this.text.length === this.renderedLength && !final) return;
    this.renderedLength = this.text.length;
    const tail = this.text.slice(this.settledLength);
    const tokens = lexBlocks(tail);
    const cut = final ? tokens.length : lastContentIndex(tokens);
    const done = tokens.slice(0, cut);
    const doneRaw = done.map((t) => t.raw).join('');
    // marked normalises line endings, so raw lengths only map back onto `text` when the source matches exactly;
    // if not, nothing settles and the whole tail stays open (correct, only slower).
    if (final || (cut > 0 && tail.startsWith(doneRaw))) {
      if (done.length > 0) this.settled.append(renderBlocks(done, this.onCode));
      this.settledLength = final ? this.text.length : this.settledLength + doneRaw.length;
      this.open.replaceChildren(renderBlocks(tokens.slice(cut), this.onCode));
    } else {
      this.open.replaceChildren(renderBlocks(tokens, this.onCode));
    }
  }
}

/** Index of the last block with content: it, and the blank space after it, may still grow. */
function lastContentIndex(tokens: Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i].type !== 'space') return i;
  return 0;
}
