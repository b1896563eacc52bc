/**
 * The sidebar's non-data states: skeletons while loading, an inline error with Retry, the line an
 * empty section shows (always saying what will appear there), and the notice for a record written
 * by an older version of the app.
 */
import { fwButton, h, type Child } from './dom';
import type { Failure } from './errors';

const SKELETON_SECTIONS = ['Triage', 'Possible duplicates', 'Requester', 'Timeline'];

/** Placeholders shaped like the sections to come; hidden from screen readers (the status line says "Loading"). */
export function skeleton(): HTMLElement {
  return h('div', { class: 'radar-skeleton', 'aria-hidden': 'true', 'data-state': 'loading' }, SKELETON_SECTIONS.map((title) =>
    h('div', { class: 'radar-section radar-skeleton__section' }, [
      h('p', { class: 'radar-section__title radar-skeleton__title' }, [title]),
      h('fw-skeleton', { variant: 'text', count: 2, height: '12px', 'margin-bottom': '8px' }),
      h('fw-skeleton', { variant: 'text', width: '60%', height: '12px' }),
    ])));
}

export function errorState(failure: Failure, onRetry: () => void): HTMLElement {
  return h('div', { class: 'radar-error', 'data-state': 'error' }, [
    h('fw-inline-message', { type: 'error', open: true, closable: 'false' }, [
      h('strong', { class: 'radar-error__title' }, [failure.title]),
      ' ',
      h('span', { class: 'radar-error__detail' }, [failure.detail]),
    ]),
    h('div', { class: 'radar-actions' }, [fwButton({ label: 'Retry', color: 'primary', focusKey: 'retry', onClick: onRetry })]),
  ]);
}

/** What an empty section says: what will appear here and when. */
export function emptyLine(text: string, extra: Child = null): HTMLElement {
  return h('p', { class: 'radar-empty' }, [text, extra]);
}

export function olderRecordNotice(): HTMLElement {
  return h('fw-inline-message', { type: 'warning', open: true, closable: 'false', class: 'radar-notice', 'data-notice': 'older' }, [
    'An older version of Ticket Radar processed this ticket, so some sections may be empty. Re-run triage to bring it up to date.',
  ]);
}
