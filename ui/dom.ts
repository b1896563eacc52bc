/**
 * DOM primitives shared by the sidebar and the install page: text always goes in as text nodes and
 * values as attributes, never through innerHTML, so a subject like `<img src=x onerror=…>` shows as
 * those characters. Each page's own `dom.ts` builds its widgets on these.
 */

export type Child = Node | string | null | undefined | false;
export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Readonly<Record<string, AttrValue>>;

function setAttr(el: Element, name: string, value: AttrValue): void {
  if (value === null || value === undefined || value === false) return;
  el.setAttribute(name, value === true ? '' : String(value));
}

export function append(parent: Element, children: readonly Child[]): void {
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) parent.append(child);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, children?: readonly Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, children?: readonly Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, children: readonly Child[] = []): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) setAttr(el, name, value);
  append(el, children);
  return el;
}
