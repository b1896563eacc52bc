/** The sidebar's widgets, built on the shared primitives of ui/dom.ts (text as text nodes, never markup). */

import { h, type Child } from '../../ui/dom';

export { append, h, type AttrValue, type Attrs, type Child } from '../../ui/dom';

/** Text only screen readers hear (a button's ticket number, a bar's share). */
export function srOnly(text: string): HTMLElement {
  return h('span', { class: 'visually-hidden' }, [text]);
}

/** A `<time>` with a machine-readable date and the full local time as its tooltip. */
export function timeEl(at: number, label: string): HTMLElement {
  const date = new Date(at);
  return h('time', { datetime: date.toISOString(), title: date.toLocaleString() }, [label]);
}

export interface ButtonOptions {
  label: string;
  /** Extra words for screen readers, e.g. which ticket the button acts on. */
  srLabel?: string;
  color?: 'primary' | 'secondary' | 'text' | 'link';
  size?: 'normal' | 'small';
  /** Identifies the button across re-renders, so focus can come back to it. */
  focusKey: string;
  disabled?: boolean;
  loading?: boolean;
  onClick: () => void;
}

/** A Crayons button (fw-button emits `fwClick`, throttled, and none while disabled). */
export function fwButton(options: ButtonOptions): HTMLElement {
  const button = h('fw-button', {
    color: options.color ?? 'secondary',
    size: options.size ?? 'small',
    'data-focus': options.focusKey,
    disabled: options.disabled === true || options.loading === true,
    loading: options.loading === true,
  }, [options.label, options.srLabel === undefined ? null : srOnly(options.srLabel)]);
  button.addEventListener('fwClick', () => options.onClick());
  return button;
}

/** A link to a ticket in the agent portal, opened in a new tab without giving that tab a handle on this one. */
export function ticketLink(href: string, className: string, children: readonly Child[]): HTMLElement {
  return h('a', { href, target: '_blank', rel: 'noopener noreferrer', class: `radar-link ${className}` }, [...children, srOnly(' (opens in a new tab)')]);
}

/** Moves focus to an element, Crayons' way for its components (`setFocus`) or the DOM's. */
export function focusElement(el: Element | null): boolean {
  if (el === null) return false;
  const target = el as HTMLElement & { setFocus?: () => Promise<void> };
  if (typeof target.setFocus === 'function') target.setFocus().catch(() => target.focus());
  else target.focus();
  return true;
}
