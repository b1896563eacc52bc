/** Host pages' calls to the dev server API: JSON in, `ApiReply` out, failures as a reply too. */
import { API_PREFIX, type ApiReply } from '../../client/protocol.ts';

export async function api<T>(path: string, body?: unknown): Promise<ApiReply<T>> {
  try {
    const init: RequestInit = body === undefined ? {} : { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const answer = await fetch(`${API_PREFIX}${path}`, init);
    const text = await answer.text();
    if (!answer.ok) return { ok: false, error: { status: answer.status, message: text || `HTTP ${answer.status}` } };
    return JSON.parse(text) as ApiReply<T>;
  } catch (error) {
    return { ok: false, error: { status: 0, message: `The dev server did not answer (${String(error)}); is \`npm start\` still running?` } };
  }
}

export async function fragment(path: string): Promise<string | undefined> {
  const answer = await fetch(path).catch(() => undefined);
  return answer?.ok ? answer.text() : undefined;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`devkit host page: #${id} is missing`);
  return element as T;
}
