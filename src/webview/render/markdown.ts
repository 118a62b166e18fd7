// Markdown to DOM: marked parses, highlight.js colours Elixir fences, DOMPurify sanitises before anything reaches the
// document, then each code block gets Copy, Insert and Apply buttons wired to the exact code it shows (with a line
// under it for Apply's outcome), and inline code (often a path) may wrap after its slashes.
import DOMPurify, { type Config } from 'dompurify';
import hljs from 'highlight.js/lib/core';
import elixir from 'highlight.js/lib/languages/elixir';
import { Marked, type Token } from 'marked';
import { button, h, withPathBreaks } from './dom';

hljs.registerLanguage('elixir', elixir);
// Answers often quote IEx sessions; the Elixir grammar reads them well enough.
hljs.registerAliases(['iex'], { languageName: 'elixir' });

const COPIED_FEEDBACK_MS = 1500;

export type CodeAction = 'copy' | 'insert' | 'apply';
/** How an action's outcome is shown under its block (Apply's diff, confirmation and result come later, from the host). */
export type CodeStatus = (text: string, tone: 'pending' | 'applied' | 'cancelled' | 'failed') => void;
export type OnCodeAction = (action: CodeAction, code: string, status: CodeStatus) => void;

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const languageOf = (lang: string | undefined): string => (lang ?? '').trim().split(/\s+/)[0].toLowerCase();
const isHighlighted = (lang: string | undefined): boolean => {
  const language = languageOf(lang);
  return language !== '' && hljs.getLanguage(language) !== undefined;
};

const marked = new Marked({
  gfm: true,
  renderer: {
    code({ text, lang }) {
      const language = languageOf(lang);
      if (isHighlighted(lang)) {
        const html = hljs.highlight(text, { language, ignoreIllegals: true }).value;
        return `<pre><code class="hljs language-elixir">${html}</code></pre>\n`;
      }
      return `<pre><code>${escapeHtml(text)}</code></pre>\n`;
    },
    // HTML written by the model is shown as the text it is (an answer about HEEx quotes tags); DOMPurify still runs.
    html({ text }) {
      return escapeHtml(text);
    },
    // The CSP loads no remote image, so an image is its alt text.
    image({ text }) {
      return escapeHtml(text);
    },
  },
});

const SANITIZE: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'img', 'picture', 'video', 'audio', 'iframe'],
  FORBID_ATTR: ['style', 'id', 'name', 'target'],
  ALLOW_DATA_ATTR: false,
  // Links go to the host, which opens http(s) only; anything else loses its href and stays as text.
  ALLOWED_URI_REGEXP: /^https?:/i,
  RETURN_DOM_FRAGMENT: true,
};
// One sanitiser for this UI, configured once: passing the config per call re-reads it into fresh tag and attribute
// sets on every call (bench:chat profile: a tenth of a streamed answer's script time). Made on first use, in the page.
let purify: ReturnType<typeof DOMPurify> | undefined;
function sanitize(html: string): DocumentFragment {
  if (!purify) {
    purify = DOMPurify(window);
    purify.setConfig(SANITIZE);
  }
  // The set config (RETURN_DOM_FRAGMENT) applies to every call; the typings only know that from a per-call config.
  return purify.sanitize(html) as unknown as DocumentFragment;
}

/** Top-level blocks of `src`; each token's `raw` is the exact source it came from. */
export const lexBlocks = (src: string): Token[] => marked.lexer(src);

/** Renders whole top-level blocks into a sanitised fragment with code-block buttons. */
const renderBlocks = (tokens: Token[], onCode: OnCodeAction): DocumentFragment => decorate(sanitize(marked.parser(tokens)), onCode);

/**
 * Renders each group of whole top-level blocks into its own fragment, sanitising them together in one pass (each
 * sanitising parses into a new document, the larger part of its cost). Empty groups cost nothing.
 */
export function renderBlockGroups(groups: Token[][], onCode: OnCodeAction): DocumentFragment[] {
  const nonEmpty = groups.filter((g) => g.length > 0);
  if (nonEmpty.length <= 1) return groups.map((g) => (g.length > 0 ? renderBlocks(g, onCode) : document.createDocumentFragment()));
  // Each group in a wrapper, unwrapped after sanitising. marked closes every element it opens and the model's own HTML
  // is escaped, so a group cannot close its wrapper early; should the shape still differ, each is sanitised alone.
  const wrapped = sanitize(nonEmpty.map((g) => `<div>${marked.parser(g)}</div>`).join(''));
  const wrappers = [...wrapped.childNodes];
  if (wrappers.length !== nonEmpty.length || wrappers.some((w) => w.nodeName !== 'DIV')) return groups.map((g) => renderBlocks(g, onCode));
  decorate(wrapped, onCode);
  return groups.map((g) => {
    const fragment = document.createDocumentFragment();
    if (g.length > 0) fragment.append(...(wrappers.shift() as Element).childNodes);
    return fragment;
  });
}

function decorate<T extends ParentNode>(root: T, onCode: OnCodeAction): T {
  for (const pre of root.querySelectorAll('pre')) decorateCodeBlock(pre, onCode);
  // Sanitised already, and only text and <wbr> go in.
  for (const code of root.querySelectorAll(':not(pre) > code')) code.replaceChildren(...withPathBreaks(code.textContent ?? ''));
  return root;
}

export const renderMarkdown = (src: string, onCode: OnCodeAction): DocumentFragment => renderBlocks(lexBlocks(src), onCode);

/**
 * A code block whose code is `text`, a text node the caller may extend, without highlighting: for a fence still
 * streaming in, highlighted once it settles.
 */
export function plainCodeBlock(text: Text, lang: string | undefined, onCode: OnCodeAction): HTMLElement {
  const code = h('code', {}, text);
  if (isHighlighted(lang)) code.className = 'hljs language-elixir';
  const pre = h('pre', {}, code);
  const holder = h('div', {}, pre);
  decorateCodeBlock(pre, onCode);
  return holder.firstElementChild as HTMLElement;
}

function decorateCodeBlock(pre: HTMLPreElement, onCode: OnCodeAction): void {
  // textContent of the sanitised block is the fence's text exactly: highlighting only adds spans.
  const code = (): string => pre.textContent ?? '';
  const block = h('div', { class: 'code-block' });
  pre.replaceWith(block);
  // The host copies silently, so the button itself confirms it for a moment.
  let restore: ReturnType<typeof setTimeout> | undefined;
  const statusLine = h('p', { class: 'code-status', attrs: { role: 'status' } });
  statusLine.hidden = true;
  const status: CodeStatus = (text, tone) => {
    statusLine.textContent = text;
    statusLine.dataset.tone = tone;
    statusLine.hidden = false;
  };
  const copy = button(
    'Copy',
    () => {
      onCode('copy', code(), status);
      copy.textContent = 'Copied';
      clearTimeout(restore);
      restore = setTimeout(() => (copy.textContent = 'Copy'), COPIED_FEEDBACK_MS);
    },
    { attrs: { 'aria-label': 'Copy code' } },
  );
  const tools = h(
    'div',
    { class: 'code-tools' },
    copy,
    button('Insert', () => onCode('insert', code(), status), { attrs: { 'aria-label': 'Insert code at cursor' } }),
    button('Apply', () => onCode('apply', code(), status), { attrs: { 'aria-label': 'Apply code to the flagged lines (shows a diff first)' } }),
  );
  pre.tabIndex = 0;
  pre.setAttribute('aria-label', 'Code');
  block.append(tools, pre, statusLine);
  markClippedEdges(block, pre);
}

/**
 * Keeps `is-clipped-left` / `is-clipped-right` on the block while its lines run past that edge of the scroller, for
 * the edge shadows in chat.css. Checked when the scroller is laid out or resized, and as it scrolls.
 */
function markClippedEdges(block: HTMLElement, scroller: HTMLElement): void {
  const mark = (): void => {
    const hidden = scroller.scrollWidth - scroller.clientWidth;
    block.classList.toggle('is-clipped-left', scroller.scrollLeft > 1);
    block.classList.toggle('is-clipped-right', hidden - scroller.scrollLeft > 1);
  };
  new ResizeObserver(mark).observe(scroller);
  scroller.addEventListener('scroll', mark, { passive: true });
}
