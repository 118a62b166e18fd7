// An answer that grows by deltas. A stream delivers a delta every 20–50 ms, and in Chromium every frame that changes
// the page costs style, layout and paint however small the change, so the answer is not redrawn per delta: new text is
// shown at most every SHOW_INTERVAL_MS (the first words at once), and at once when the answer ends. Each show does
// only the work its new text calls for (bench:chat profile: re-rendering and sanitising the open block, twice per pass,
// was most of a streamed answer's script time):
// - settled: top-level blocks that can no longer change (another block follows them), rendered once and appended:
//   parsed, sanitised and highlighted once. Appending text can only change the last block.
// - open: the trailing block, which may still grow; only the text after the last settled block is lexed. An open
//   paragraph, list or table is rendered again (sanitised in the same pass as any blocks that settled with it); an open
//   code block is plain text in a block kept while its fence grows, the new code appended to its text node, and
//   highlighted once the fence closes and the block settles.
// The final render settles everything, so a finished answer's DOM equals the one-shot render of its text.
import type { Token, Tokens } from 'marked';
import { h } from './dom';
import { lexBlocks, plainCodeBlock, renderBlockGroups, type OnCodeAction } from './markdown';

/**
 * Shortest time between two shows of new text. The host sends a streaming answer at most every 200 ms, so each of its
 * messages shows in the frame after it arrives; deltas that come faster wait for the interval to end.
 */
export const SHOW_INTERVAL_MS = 150;

/** Text that means itself in markdown wherever it goes in a line: letters, digits, spaces and plain punctuation. */
const PLAIN_WORDS = /^[\p{L}\p{N} ,.;:?!'"()-]*$/u;

const EXTENSIBLE = new Set(['paragraph', 'heading', 'list']);
/** Where an open block's text may be extended in place: a paragraph's, a heading's, a tight list item's own text. */
const TEXT_PARENTS = new Set(['P', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/** The open fence's block: its code is one text node, extended in place as the fence grows. */
type OpenCode = { element: HTMLElement; text: Text; at: number };

export class StreamingMarkdown {
  readonly element: HTMLElement;
  private readonly settled = h('div', { class: 'md-settled' });
  private readonly open = h('div', { class: 'md-open' });
  private text = '';
  /** Length of the prefix of `text` whose blocks are in `settled`. */
  private settledLength = 0;
  /** Length of `text` on screen, and when it was last extended. */
  private shownLength = -1;
  private shownAt = -Infinity;
  /** The open markdown (before an open fence, if any): its source and the nodes it rendered to. */
  private openSource = '';
  private openNodes: ChildNode[] = [];
  private openCode: OpenCode | undefined;

  constructor(private readonly onCode: OnCodeAction) {
    this.element = h('div', { class: 'markdown' }, this.settled, this.open);
  }

  get value(): string {
    return this.text;
  }

  /** Milliseconds until `render` has something to do, or undefined when the screen is up to date. */
  nextRenderIn(now: number): number | undefined {
    if (this.shownLength === this.text.length) return undefined;
    // The first words of an answer show at once: the reader is waiting for them.
    if (this.shownLength <= 0) return 0;
    return Math.max(0, this.shownAt + SHOW_INTERVAL_MS - now);
  }

  append(delta: string): void {
    this.text += delta;
  }

  /** Starts over with a whole new text (a turn re-sent by the host). */
  reset(text: string): void {
    this.text = text;
    this.settledLength = 0;
    this.shownLength = -1;
    this.shownAt = -Infinity;
    this.openSource = '';
    this.openNodes = [];
    this.openCode = undefined;
    this.settled.replaceChildren();
    this.open.replaceChildren();
  }

  /** Shows what is due (see nextRenderIn); `final` shows and settles everything (the answer will not grow). */
  render(final: boolean, now = performance.now()): void {
    if (!final && this.nextRenderIn(now) !== 0) return;
    this.show(final);
    this.shownAt = now;
  }

  private show(final: boolean): void {
    this.shownLength = this.text.length;
    const tail = this.text.slice(this.settledLength);
    const tokens = lexBlocks(tail);
    const cut = final ? tokens.length : lastContentIndex(tokens);
    const done = tokens.slice(0, cut);
    const doneSource = done.map((t) => t.raw).join('');
    // marked normalises line endings, so raw lengths only map back onto `text` when the source matches exactly;
    // if not, nothing settles and the whole tail stays open (correct, only slower).
    const settles = final || (cut > 0 && tail.startsWith(doneSource));
    const open = settles ? tokens.slice(cut) : tokens;
    if (settles) this.settledLength = final ? this.text.length : this.settledLength + doneSource.length;
    const lastIndex = lastContentIndex(open);
    const code = open[lastIndex]?.type === 'code' ? (open[lastIndex] as Tokens.Code) : undefined;
    const markdown = code ? open.slice(0, lastIndex) : open;
    const markdownSource = markdown.map((t) => t.raw).join('');
    const settledNow = settles && done.length > 0;
    if (!settledNow && !code && !this.openCode && this.extendOpenText(markdown, markdownSource)) return;
    const redoOpen = markdownSource !== this.openSource;
    const [settledPart, openPart] = renderBlockGroups([settles ? done : [], redoOpen ? markdown : []], this.onCode);
    if (settledPart.hasChildNodes()) this.settled.append(settledPart);
    if (redoOpen) {
      for (const node of this.openNodes) node.remove();
      this.openNodes = [...openPart.childNodes];
      this.open.insertBefore(openPart, this.openCode?.element ?? null);
      this.openSource = markdownSource;
    }
    this.showOpenCode(code, code ? this.settledLength + markdownSource.length : -1);
  }

  /**
   * Shows the open block's new words by appending them to its last text node, without rendering it again, when that
   * is what rendering would give: words, spaces and plain punctuation added after a word that ends the text of a
   * paragraph, heading or list item. Such text starts and ends no inline element, and a delimiter's meaning depends
   * only on the characters next to it, so nothing already shown changes. Anything else renders the block.
   */
  private extendOpenText(markdown: Token[], source: string): boolean {
    if (markdown.length !== 1 || !EXTENSIBLE.has(markdown[0].type) || !source.startsWith(this.openSource)) return false;
    const added = source.slice(this.openSource.length);
    const before = /[\p{L}\p{N}]$/u.exec(this.openSource);
    // `www.` starts a link with no other mark (GFM), so dots are plain only where no such link can be forming.
    if (!before || !PLAIN_WORDS.test(added) || (added.includes('.') && /www/i.test(source))) return false;
    let last: Node | null = [...this.openNodes].reverse().find((n) => n.nodeType === Node.ELEMENT_NODE) ?? null;
    while (last?.lastChild) last = last.lastChild;
    if (!(last instanceof Text) || !TEXT_PARENTS.has(last.parentElement?.tagName ?? '') || !last.data.endsWith(before[0])) return false;
    last.appendData(added);
    this.openSource = source;
    return true;
  }

  /** Keeps the open fence's block while the same fence grows (`at`: where it starts), extending its text. */
  private showOpenCode(code: Tokens.Code | undefined, at: number): void {
    if (this.openCode && (!code || this.openCode.at !== at)) {
      this.openCode.element.remove();
      this.openCode = undefined;
    }
    if (!code) return;
    if (!this.openCode) {
      const text = document.createTextNode('');
      this.openCode = { element: plainCodeBlock(text, code.lang, this.onCode), text, at };
      this.open.append(this.openCode.element);
    }
    const node = this.openCode.text;
    // A growing fence mostly adds to the end of its code: appending lets the layout keep the lines it has.
    if (code.text.startsWith(node.data)) {
      if (code.text.length > node.data.length) node.appendData(code.text.slice(node.data.length));
    } else {
      node.data = code.text;
    }
  }
}

/** Index of the last block with content: it, and the blank space after it, may still grow. */
function lastContentIndex(tokens: Token[]): number {
  for (let i = tokens.length - 1; i >= 0; i--) if (tokens[i].type !== 'space') return i;
  return 0;
}
