/**
 * How the client reaches the dev server: one POST per client call. A transport failure (dev
 * server stopped, bad answer) becomes a platform-shaped rejection that says what to do, so app
 * code's `catch` sees `{ status, message }` like any other platform error.
 */
import { API_PREFIX, type ApiError, type ApiReply, type ClientApi, type ClientOp } from './protocol.ts';

export type Transport = <Op extends ClientOp>(op: Op, body: ClientApi[Op]) => Promise<ApiReply>;

type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  ok: boolean;
  status: number;
  text(): Promise<string>;
}>;

export function httpTransport(fetchFn: FetchLike, base = ''): Transport {
  return async (op, body) => {
    let answer: Awaited<ReturnType<FetchLike>>;
    try {
      answer = await fetchFn(`${base}${API_PREFIX}${op}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (error) {
      return failed(502, `devkit: the dev server did not answer ${op} (${String(error)}); is \`npm start\` still running?`);
    }
    const text = await answer.text();
    if (!answer.ok) return failed(answer.status, `devkit: the dev server failed on ${op}: ${text || `HTTP ${answer.status}`}`);
    try {
      return JSON.parse(text) as ApiReply;
    } catch {
      return failed(502, `devkit: the dev server answered ${op} with something other than JSON: ${text.slice(0, 120)}`);
    }
  };
}

function failed(status: number, message: string): ApiReply {
  const error: ApiError = { status, message };
  return { ok: false, error };
}

/** Resolves with the value of a successful reply, rejects with its platform error object. */
export function unwrap<T>(reply: ApiReply): Promise<T> {
  return reply.ok ? Promise.resolve(reply.value as T) : Promise.reject(reply.error);
}
