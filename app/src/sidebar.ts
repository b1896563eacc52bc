/**
 * The sidebar controller: loads a ticket's insights when the app is activated (the one server call
 * per open) and again, once, after a burst of `ticket.propertiesUpdated`; renders skeleton, page or
 * error; keeps focus where the agent was across re-renders; announces status changes; resizes the
 * frame. Answers for a ticket the agent has since left are dropped.
 */
import type { RadarApi, Timers } from './client';
import { createHandlers, type ActionHost } from './actions';
import { readContext, type TicketContext } from './context';
import { focusElement, h } from './dom';
import { toFailure, type Failure } from './errors';
import type { SidebarInsights } from './insights';
import { loadInsights, type LoadResult } from './load';
import { renderPage } from './render/page';
import type { Handlers, View } from './render/view';
import { createResizer } from './resize';
import { errorState, skeleton } from './states';

export interface SidebarDeps {
  api: RadarApi;
  /** The element the sidebar owns; it holds a live region and the view. */
  root: HTMLElement;
  timers: Timers;
  now(): number;
  /** Quiet time after the last `ticket.propertiesUpdated` before reloading. */
  debounceMs: number;
  /** Called once, when the first section is filled with data (performance mark). */
  onFirstSection(): void;
}

interface State {
  ctx: TicketContext | null;
  insights: SidebarInsights | null;
  failure: Failure | null;
  busy: Set<string>;
  refreshed: { calls: number } | null;
  /** Sequence of the latest load; answers of older loads are dropped. */
  seq: number;
  /** Ticket whose load is in flight, so a second activation does not load it twice. */
  loading: number | null;
  debounce: number | null;
  firstShown: boolean;
}

export interface Sidebar {
  open(): Promise<void>;
  reload(): Promise<void>;
  readonly state: Readonly<State>;
}

export const FIRST_SECTION_MARK = 'radar:first-section';

function layout(root: HTMLElement): { live: HTMLElement; view: HTMLElement } {
  const live = root.querySelector<HTMLElement>('#radar-live') ?? h('p', { id: 'radar-live', class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
  const view = root.querySelector<HTMLElement>('#radar-view') ?? h('div', { id: 'radar-view' });
  root.append(live, view);
  return { live, view };
}

/** The key of the element that has focus inside `view`, to give focus back after a re-render. */
function focusedKey(view: HTMLElement): string | null {
  const active = document.activeElement;
  return active !== null && view.contains(active) ? (active.closest('[data-focus]')?.getAttribute('data-focus') ?? null) : null;
}

/** Focus fell to the page itself (its element was replaced or disabled), while this frame still has focus. */
function focusLost(): boolean {
  const active = document.activeElement;
  return (active === null || active === document.body) && document.hasFocus();
}

function restoreFocus(view: HTMLElement, key: string | null): void {
  if (key === null) return;
  const section = key.startsWith('dismiss:') ? 'duplicates' : 'triage';
  if (!focusElement(view.querySelector(`[data-focus="${key}"]`))) focusElement(view.querySelector(`[data-focus="heading:${section}"]`));
}

export function startSidebar(deps: SidebarDeps): Sidebar {
  const { api, root } = deps;
  const { live, view } = layout(root);
  const measure = createResizer(api, root);
  const state: State = { ctx: null, insights: null, failure: null, busy: new Set(), refreshed: null, seq: 0, loading: null, debounce: null, firstShown: false };

  const announce = (text: string): void => {
    live.textContent = text;
  };

  function content(handlers: Handlers): HTMLElement[] {
    const ctx = state.ctx;
    const retry = (): void => void sidebar.reload();
    const error = state.failure === null ? [] : [errorState(state.failure, retry)];
    if (state.insights === null || ctx === null) return error.length > 0 ? error : [skeleton()];
    const v: View = { ctx, now: deps.now(), busy: state.busy, refreshed: state.refreshed, handlers };
    return [...error, renderPage(state.insights, v)];
  }

  /** The control an agent used to start an action: its button is disabled while the action runs, so focus returns to it after. */
  let actionFocus: string | null = null;

  function focusTarget(): string | null {
    const current = focusedKey(view);
    if (current !== null && state.busy.size > 0) actionFocus = current;
    const key = current ?? (focusLost() ? actionFocus : null);
    if (state.busy.size === 0) actionFocus = null;
    return key;
  }

  function render(): void {
    const key = focusTarget();
    view.replaceChildren(...content(handlers));
    root.dataset.state = state.failure !== null ? 'error' : state.insights === null ? 'loading' : 'ready';
    root.setAttribute('aria-busy', String(state.loading !== null));
    restoreFocus(view, key);
    measure();
  }

  function markFirst(): void {
    if (state.firstShown || state.insights === null) return;
    state.firstShown = true;
    deps.onFirstSection();
  }

  function apply(seq: number, result: LoadResult): void {
    if (seq !== state.seq) return;
    state.loading = null;
    state.failure = result.ok ? null : result.failure;
    if (result.ok) state.insights = result.insights;
    render();
    markFirst();
    announce(result.ok ? 'Ticket Radar insights are up to date.' : result.failure.title);
  }

  function load(ctx: TicketContext): Promise<void> {
    if (state.loading === ctx.ticketId) return Promise.resolve();
    state.seq += 1;
    const seq = state.seq;
    state.loading = ctx.ticketId;
    root.setAttribute('aria-busy', 'true');
    announce(state.insights === null ? 'Loading Ticket Radar insights…' : 'Updating Ticket Radar insights…');
    return loadInsights(api, ctx.ticketId).then((result) => apply(seq, result));
  }

  function switchTo(ctx: TicketContext): void {
    const same = state.ctx?.ticketId === ctx.ticketId;
    state.ctx = ctx;
    if (same) return;
    Object.assign(state, { insights: null, failure: null, refreshed: null, loading: null });
    state.busy.clear();
    render();
  }

  function contextFailed(error: unknown): void {
    state.seq += 1;
    Object.assign(state, { insights: null, loading: null, failure: toFailure(error) });
    render();
    announce(state.failure?.title ?? '');
  }

  const host: ActionHost = {
    api, busy: state.busy, render, announce,
    ctx: () => state.ctx,
    reload: () => void sidebar.reload(),
    setRequester(snapshot, calls) {
      if (state.insights !== null) state.insights = { ...state.insights, requester: snapshot };
      state.refreshed = { calls };
      render();
    },
  };
  const handlers = createHandlers(host);

  const sidebar: Sidebar = {
    state,
    open: () => readContext(api).then((ctx) => {
      switchTo(ctx);
      return load(ctx);
    }, contextFailed),
    reload: () => (state.ctx === null ? sidebar.open() : load(state.ctx)),
  };

  function scheduleReload(): void {
    if (state.debounce !== null) deps.timers.clear(state.debounce);
    state.debounce = deps.timers.set(() => {
      state.debounce = null;
      void sidebar.reload();
    }, deps.debounceMs);
  }

  api.on('app.activated', () => void sidebar.open());
  api.on('ticket.propertiesUpdated', scheduleReload);
  render();
  return sidebar;
}
