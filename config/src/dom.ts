/**
 * Building the page without markup strings: text always goes in as text nodes and values as
 * properties or attributes, never through innerHTML, so nothing an admin or a ticket wrote can
 * become HTML. Crayons components (loaded from jsDelivr, so possibly not yet defined when these run)
 * get their values as properties: Stencil keeps properties set before the element upgrades.
 */

import { h, type AttrValue, type Child } from '../../ui/dom';

export { append, h, type AttrValue, type Child } from '../../ui/dom';

/** Sets JS properties (Crayons props such as `value`, `options`, `state`). */
export function props(el: HTMLElement, values: Readonly<Record<string, unknown>>): HTMLElement {
  Object.assign(el, values);
  return el;
}

/** Text only screen readers hear. */
export function srOnly(text: string): HTMLElement {
  return h('span', { class: 'visually-hidden' }, [text]);
}

/** The `value` a Crayons field emitted (`event.detail.value`), as text. */
export function detailValue(event: Event): string {
  const value = (event as CustomEvent<{ value?: unknown } | undefined>).detail?.value;
  return value === undefined || value === null ? '' : String(value);
}

export interface FieldOptions {
  name: string;
  label: string;
  value: string;
  type?: 'text' | 'number' | 'password' | 'email';
  hint?: string;
  placeholder?: string;
  required?: boolean;
  /** Identifies the field across re-renders, so focus can come back to it. */
  focusKey?: string;
  attrs?: Readonly<Record<string, AttrValue>>;
  onInput: (value: string) => void;
}

function fieldAttrs(o: FieldOptions): Record<string, AttrValue> {
  return { name: o.name, label: o.label, 'hint-text': o.hint, placeholder: o.placeholder, required: o.required, 'data-focus': o.focusKey, ...o.attrs };
}

/** A Crayons text field; `fwInput` reports every keystroke. */
export function fwInput(o: FieldOptions): HTMLElement {
  const el = h('fw-input', { ...fieldAttrs(o), type: o.type ?? 'text' });
  props(el, { value: o.value });
  el.addEventListener('fwInput', (event) => o.onInput(detailValue(event)));
  return el;
}

export function fwTextarea(o: FieldOptions & { rows?: number }): HTMLElement {
  const el = h('fw-textarea', { ...fieldAttrs(o), rows: o.rows ?? 3, resize: 'vertical' });
  props(el, { value: o.value });
  el.addEventListener('fwInput', (event) => o.onInput(detailValue(event)));
  return el;
}

export interface SelectOption {
  value: string;
  text: string;
}

/**
 * A Crayons dropdown. `fwChange` fires twice per change (and on programmatic changes), so the
 * callback only hears about values that differ from the last one it was told about.
 */
export function fwSelect(o: Omit<FieldOptions, 'onInput' | 'type'> & { options: readonly SelectOption[]; onChange: (value: string) => void }): HTMLElement {
  const el = h('fw-select', fieldAttrs({ ...o, onInput: o.onChange }));
  props(el, { options: o.options.map((x) => ({ text: x.text, value: x.value })), value: o.value, searchable: false, allowDeselect: false });
  let last = o.value;
  el.addEventListener('fwChange', (event) => {
    const value = detailValue(event);
    if (value === last || value === '') return;
    last = value;
    o.onChange(value);
  });
  return el;
}

export interface ButtonOptions {
  label: string;
  /** Extra words for screen readers, e.g. which rule the button acts on. */
  srLabel?: string;
  color?: 'primary' | 'secondary' | 'text' | 'link' | 'danger';
  size?: 'normal' | 'small';
  focusKey?: string;
  disabled?: boolean;
  id?: string;
  onClick: () => void;
}

/** A Crayons button: it emits `fwClick` (throttled, and none while disabled). */
export function fwButton(o: ButtonOptions): HTMLElement {
  const el = h('fw-button', { id: o.id, color: o.color ?? 'secondary', size: o.size ?? 'normal', 'data-focus': o.focusKey, disabled: o.disabled }, [o.label, o.srLabel === undefined ? null : srOnly(o.srLabel)]);
  el.addEventListener('fwClick', () => o.onClick());
  return el;
}

export type Tone = 'info' | 'success' | 'warning' | 'error';

/** A Crayons inline message that stays (not closable): the page's way of saying things in place. */
export function inlineMessage(tone: Tone, children: readonly Child[], attrs: Readonly<Record<string, AttrValue>> = {}): HTMLElement {
  const el = h('fw-inline-message', { type: tone, ...attrs }, children);
  props(el, { closable: false, open: true });
  return el;
}

type FieldState = 'normal' | 'warning' | 'error';

function setFieldState(el: Element, state: FieldState, attr: 'error-text' | 'warning-text', message: string | null): void {
  props(el as HTMLElement, attr === 'error-text' ? { state, errorText: message ?? '' } : { state, warningText: message ?? '' });
  el.setAttribute('state', state);
  if (message === null) el.removeAttribute(attr);
  else el.setAttribute(attr, message);
}

/** Puts a message next to a Crayons field (`state="error"` + `error-text`), or clears it. */
export function setFieldError(el: Element | null, message: string | null): void {
  if (el !== null) setFieldState(el, message === null ? 'normal' : 'error', 'error-text', message);
}

/** A warning under a field (Crayons' `warning-text`), or clears it; an error on the field wins. */
export function setFieldWarning(el: Element | null, message: string | null): void {
  if (el === null || el.getAttribute('state') === 'error') return;
  setFieldState(el, message === null ? 'normal' : 'warning', 'warning-text', message);
}

/** Moves focus to the element marked `data-focus="<key>"` (Crayons' own `setFocus` when it has one). */
export function restoreFocus(root: ParentNode, key: string | null): void {
  if (key === null) return;
  const el = root.querySelector(`[data-focus="${key}"]`) as (HTMLElement & { setFocus?: () => Promise<void> }) | null;
  if (el === null) return;
  if (typeof el.setFocus === 'function') el.setFocus().catch(() => el.focus());
  else el.focus();
}
