/**
 * The event simulator (`/web/test`, like `fdk run`'s): pick a module and event, edit the payload,
 * Fire. The result shows how the invocation ended, how long it took and its log lines.
 */
import type { FireResult } from '../backend.ts';
import { api, byId } from './http.ts';

const select = byId<HTMLSelectElement>('event-select');
const payload = byId<HTMLTextAreaElement>('payload');
const payloadError = byId<HTMLElement>('payload-error');
const button = byId<HTMLButtonElement>('fire-button');
const result = byId<HTMLElement>('fire-result');

function selected(): { module: string; event: string } {
  const [module = '', event = ''] = select.value.split('/');
  return { module, event };
}

async function loadSample(): Promise<void> {
  const { module, event } = selected();
  const reply = await api<unknown>(`sample?module=${encodeURIComponent(module)}&event=${encodeURIComponent(event)}`);
  payload.value = reply.ok ? JSON.stringify(reply.value, null, 2) : '{}';
  payloadError.textContent = reply.ok ? '' : (reply.error.message ?? '');
  history.replaceState(null, '', `/web/test?module=${encodeURIComponent(module)}&event=${encodeURIComponent(event)}`);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

function time(at: number): string {
  return new Date(at).toISOString().slice(11, 23);
}

function render(fire: FireResult, event: string): void {
  result.replaceChildren();
  result.dataset.outcome = fire.outcome;
  const head = el('p', undefined, `result__head result__head--${fire.outcome}`);
  head.append(el('strong', fire.outcome === 'success' ? 'Success' : 'Failed'), ` ${event} · ended via ${fire.via} · ${fire.durationMs} ms`);
  result.append(head);
  if (fire.message) result.append(el('p', fire.message, 'result__message'));
  if (fire.data !== undefined) result.append(el('pre', JSON.stringify(fire.data, null, 2), 'result__data'));
  const logs = el('ol', undefined, 'result__logs');
  logs.setAttribute('aria-label', 'Log lines of this invocation');
  for (const line of fire.logs) {
    const item = el('li', undefined, `log log--${line.level}`);
    item.append(el('span', time(line.at), 'log__time'), el('span', line.level, 'log__level'), el('span', line.source, 'log__source'), el('span', line.message, 'log__message'));
    logs.append(item);
  }
  if (fire.logs.length === 0) logs.append(el('li', 'No log lines.', 'log log--empty'));
  result.append(logs);
}

async function fire(): Promise<void> {
  let data: unknown;
  try {
    data = JSON.parse(payload.value);
  } catch (error) {
    payloadError.textContent = `The payload is not valid JSON: ${(error as Error).message}`;
    return;
  }
  payloadError.textContent = '';
  const { module, event } = selected();
  button.disabled = true;
  result.dataset.outcome = 'running';
  result.textContent = `Running ${event}…`;
  const reply = await api<FireResult>('fire', { module, event, payload: data });
  button.disabled = false;
  if (reply.ok) render(reply.value, event);
  else {
    result.dataset.outcome = 'error';
    result.textContent = reply.error.message ?? `failed with status ${reply.error.status}`;
  }
}

select.addEventListener('change', () => void loadSample());
button.addEventListener('click', () => void fire());
