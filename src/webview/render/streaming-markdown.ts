// An answer that grows by deltas. A stream delivers a delta every 20–50 ms, and in Chromium every frame that changes
// the page costs about 2 ms of style, layout and paint however small the change, so the answer is not redrawn per
// delta: new text is shown at most every SHOW_INTERVAL_MS (the first words at once) and formatted at most every
// PARSE_INTERVAL_MS, and at once when the answer ends. Three layers:
// - settled: top-level blocks that can no longer change, rendered once. Appending text can only change the last
//   block: a finished block is followed by another one.
// - open: the trailing, still-open block, re-parsed as markdown on each parse. While it is open, a code block is
//   shown unhighlighted: highlighting waits until it settles.
// - raw: text shown between parses is appended as plain text to a text node at the end of the open block (no parse,
//   no sanitising, no innerHTML), so its formatting catches up within one parse interval.
// The final render settles everything, so a finished answer's DOM equals the one-shot render of its text.
import type { Token, Tokens } from 'marked';
import { h } from './dom';
import { lexBlocks, plainCodeBlock, renderBlocks, type OnCodeAction } from './markdown';

/** Longest time a streamed answer's formatting lags behind its text. */
export const PARSE_INTERVAL_MS = 400;
/** Longest time text that arrived waits to be shown at all. */
const SHOW_INTERVAL_MS = 200;

/** Elements whose last child may hold the end of the open block's text; anything else (inline, void) stops the walk. */
const BLOCK_TAGS = new Set(['P', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'TABLE', 'THEAD', 'TBODY', 'TR', 'TD', 'TH', 'DIV', 'PRE', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

export class StreamingMarkdown {
  readonly element: HTMLElement;
  private readonly settled = h('div', { class: 'md-settled' });
  private readonly open = h('div', { class: 'md-open' });
  private text = '';
  /** Length of the prefix of `text` whose blocks are in `settled`. */
  private settledLength = 0;
  /** Length of `text` when it was last parsed; what follows is shown raw. */
  private parsedLength = -1;
  private parsedAt = -Infinity;
  /** Length of `text` on screen, parsed or raw, and when it was last extended. */
  private shownLength = -1;
  private shownAt = -Infinity;
  /** Where raw text goes: the innermost block at the end of `open`, or a new paragraph after a blank line. */
  private rawParent: Element = this.open;
  /** Whitespace the parse dropped at the end of the open block, put back in front of the raw text. */
  private rawLead = '';
  private raw: Text | undefined;

  constructor(private readonly onCode: OnCodeAction) {
    this.element = h('div', { class: 'markdown' }, this.settled, this.open);
  }

  get value(): string {
    return this.text;
  }

  /** Milliseconds until `render` has something to do, or undefined when the screen is up to date. */
  nextRenderIn(now: number): number | undefined {
    if (this.parsedLength === this.text.length) return undefined;
    // The first words of an answer show at once: the reader is waiting for them.
    if (this.shownLength <= 0) return 0;
    const due = this.shownLength === this.text.length ? this.parsedAt + PARSE_INTERVAL_MS : Math.min(this.parsedAt + PARSE_INTERVAL_MS, this.shownAt + SHOW_INTERVAL_MS);
    return Math.max(0, due - now);
  }

  append(delta: string): void {
    this.text += delta;
  }

  /** Starts over with a whole new text (a turn re-sent by the host). */
  reset(text: string): void {
    this.text = text;
    this.settledLength = 0;
    this.parsedLength = -1;
    this.parsedAt = -Infinity;
    this.shownLength = -1;
    this.shownAt = -Infinity;
    this.raw = undefined;
    this.settled.replaceChildren();
    this.open.replaceChildren();
  }

  /** Shows what is due (see nextRenderIn); `final` shows and settles everything (the answer will not grow). */
  render(final: boolean, now = performance.now()): void {
    if (final) return this.parse(true);
    const wait = this.nextRenderIn(now);
    if (wait !== 0) return;
    if (now >= this.parsedAt + PARSE_INTERVAL_MS) {
      this.parse(false);
      this.parsedAt = now;
    } else {
      this.showRaw();
    }
    this.shownAt = now;
  }

  private showRaw(): void {
    if (!this.raw) {
      this.raw = document.createTextNode('');
      if (this.rawParent === this.open) this.open.append(h('p', {}, this.raw));
      else this.rawParent.append(this.raw);
    }
    this.raw.data = this.rawLead + this.text.slice(this.parsedLength);
    this.shownLength = this.text.length;
  }

  private parse(final: boolean): void {
    this.parsedLength = this.text.length;
    this.shownLength = this.text.length;
    this.raw = undefined;
    const tail = this.text.slice(this.settledLength);
    const tokens = lexBlocks(tail);
    const cut = final ? tokens.length : lastContentIndex(tokens);
    const done = tokens.slice(0, cut);
    const doneRaw = done.map((t) => t.raw).join('');
    // marked normalises line endings, so raw lengths only map back onto `text` when the source matches exactly;
    // if not, nothing settles and the whole tail stays open (correct, only slower).
    const settles = final || (cut > 0 && tail.startsWith(doneRaw));
    if (settles) {
      if (done.length > 0) this.settled.append(renderBlocks(done, this.onCode));
      this.settledLength = final ? this.text.length : this.settledLength + doneRaw.length;
    }
    const open = settles ? tokens.slice(cut) : tokens;
    const last = open[lastContentIndex(open)] as Token | undefined;
    if (last?.type === 'code') {
      const code = last as Tokens.Code;
      this.open.replaceChildren(renderBlocks(open.slice(0, open.indexOf(last)), this.onCode), plainCodeBlock(code.text, code.lang, this.onCode));
    } else {
      this.open.replaceChildren(renderBlocks(open, this.onCode));
    }
    this.placeRaw(open, last);
  }

  /** Decides where the next raw text goes so it reads as the continuation of what is shown. */
  private placeRaw(open: Token[], last: Token | undefined): void {
    // After a blank line the next text starts a new block.
    if (!last || last.type === 'space' || open[open.length - 1] !== last) {
      this.rawParent = this.open;
      this.rawLead = '';
      return;
    }
    let el: Element = this.open;
    for (let next = el.lastElementChild; next && (BLOCK_TAGS.has(next.tagName) || (next.tagName === 'CODE' && el.tagName === 'PRE')); next = el.lastElementChild) el = next;
    this.rawParent = el;
    const trailing = /\s*$/.exec(last.raw)?.[0] ?? '';
    const shown = last.type === 'code' ? (last as Tokens.Code).text : '';
    this.rawLead = shown.endsWith(trailing) ? '' : trailing;
  }
}

/** Index of the last block with content: it, and the blank space after it, may still grow. */
function lastContentIndex(tokens: Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i].type !== 'space') return i;
  return 0;
}
