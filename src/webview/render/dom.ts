// A small element builder. Text always goes in as text nodes and attributes through setAttribute, so nothing the
// host sends is ever parsed as HTML here; the only HTML the UI parses is sanitised markdown (markdown.ts).

type Child = Node | string | false | null | undefined;

export type Props = {
  class?: string;
  attrs?: Record<string, string>;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
};

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  for (const [name, value] of Object.entries(props.attrs ?? {})) el.setAttribute(name, value);
  for (const [type, listener] of Object.entries(props.on ?? {})) el.addEventListener(type, listener as EventListener);
  for (const child of children) if (child) el.append(child);
  return el;
}

export function button(label: string, onClick: () => void, props: Props = {}): HTMLButtonElement {
  const b = h('button', { ...props, on: { ...props.on, click: onClick } }, label);
  b.type = 'button';
  return b;
}

const integer = new Intl.NumberFormat('en-US');
export const formatCount = (n: number): string => integer.format(n);

/**
 * `text` with a line-break opportunity after each `/` that has more text after it, so a path too long for a narrow
 * sidebar wraps at its separators (`lib/shop/` | `cart.ex`) rather than mid-name. The text itself is unchanged.
 */
export function withPathBreaks(text: string): (string | HTMLElement)[] {
  return text.split(/(?<=\/)(?=[^\s/])/).flatMap((part, i) => (i === 0 ? [part] : [h('wbr'), part]));
}
