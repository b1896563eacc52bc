/**
 * Unknown client methods fail loudly instead of as `undefined is not a function`: any method of a
 * known namespace that the devkit does not implement (`client.db.entity`, `client.job.invoke`)
 * returns a rejected promise naming what is supported, the way the platform rejects a call it
 * does not support.
 */
import type { ApiError } from './protocol.ts';

/** Property names that tooling probes on any object; answering them would make the client look thenable. */
const NEVER_GUARDED = new Set(['then', 'catch', 'finally', 'toJSON', 'constructor', 'valueOf', 'toString', 'asymmetricMatch', 'nodeType', 'tagName', 'inspect']);

export function notSupported(path: string, supported: readonly string[]): ApiError {
  const list = supported.length > 0 ? `supported here: ${supported.join(', ')}` : 'nothing under it is emulated';
  return { status: 501, message: `${path} is not available in the Ticket Radar devkit (${list}).` };
}

function skip(prop: string | symbol): prop is symbol {
  return typeof prop === 'symbol' || NEVER_GUARDED.has(prop) || prop.startsWith('_') || prop.startsWith('$') || prop.startsWith('@@');
}

/** A namespace whose unknown methods reject with `notSupported`. */
export function guardNamespace<T extends object>(path: string, target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (skip(prop) || prop in obj) return Reflect.get(obj, prop, receiver);
      const supported = Object.keys(obj);
      return () => Promise.reject(notSupported(`${path}.${prop}`, supported));
    },
  });
}

/** The client object: unknown namespaces are guarded empty namespaces. */
export function guardClient<T extends object>(target: T): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (skip(prop) || prop in obj) return Reflect.get(obj, prop, receiver);
      return guardNamespace(`client.${prop}`, {});
    },
  });
}
