/**
 * Unhandled promise rejections in app code. On a Node serverless platform an unhandled
 * rejection ends the invocation with an error (and FDK's lint has `no-unhandled-promise` for
 * this reason); here it fails the invocation that owns the promise with a log line naming the
 * rule, and never reaches the host process. Sandbox promises are recognised by their realm:
 * each context registers its own `Promise.prototype`.
 *
 * The listener is process-wide and installed once. A rejection that does not come from a sandbox
 * is left to the process's other listeners, or rethrown (Node's default) when there are none.
 */
const owners = new WeakMap<object, (reason: unknown) => void>();
let listening = false;

function onUnhandledRejection(reason: unknown, promise: Promise<unknown>): void {
  const owner = owners.get(Object.getPrototypeOf(promise) as object);
  if (owner !== undefined) {
    owner(reason);
    return;
  }
  if (process.listenerCount('unhandledRejection') === 1) throw reason;
}

/** Routes unhandled rejections of promises whose prototype is `promisePrototype` to `owner`. */
export function watchRealm(promisePrototype: object, owner: (reason: unknown) => void): void {
  owners.set(promisePrototype, owner);
  if (!listening) {
    listening = true;
    process.on('unhandledRejection', onUnhandledRejection);
  }
}
