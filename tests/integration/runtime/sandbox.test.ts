import { describe, expect, test } from 'vitest';
import { RuntimeError } from '../../../devkit/runtime/index.ts';
import { answer, FIXTURES, ruleLines, runtimeFor, smi } from './helpers.ts';
import { createRuntime } from '../../../devkit/runtime/index.ts';
import { VirtualClock } from '../../../devkit/clock.ts';
import { resolve } from 'node:path';

describe('sandbox: globals', () => {
  test('has the FDK globals and none of Node’s timers, process, Buffer, fetch or global', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect(await answer(rt, 'probeGlobals')).toEqual({
      setTimeout: 'undefined',
      setInterval: 'undefined',
      setImmediate: 'undefined',
      clearTimeout: 'undefined',
      queueMicrotask: 'undefined',
      process: 'undefined',
      Buffer: 'undefined',
      fetch: 'undefined',
      global: 'undefined',
      require: 'function',
      globalThisRequire: 'undefined',
      $request: 'object',
      $db: 'object',
      $schedule: 'object',
      renderData: 'function',
      console: 'object',
      JSON: 'object',
      Promise: 'function',
    });
  });

  test('setTimeout is a ReferenceError, logged with the no-timers rule; the runtime keeps running', async () => {
    const { rt } = await runtimeFor('sandbox');
    const failed = await smi(rt, 'useTimer');
    expect(failed.ok).toBe(false);
    expect(failed.value).toMatchObject({ status: 500, message: 'setTimeout is not defined' });
    expect(ruleLines(rt, 'sandbox.no-timers')[0]).toMatch(/setTimeout is not defined.*no timers/);
    expect((await smi(rt, 'bumpCounter')).ok).toBe(true);
  });

  test('Buffer and process are ReferenceErrors too', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect((await smi(rt, 'useBuffer')).value).toMatchObject({ message: 'Buffer is not defined' });
    expect((await smi(rt, 'useProcess')).value).toMatchObject({ message: 'process is not defined' });
    expect(ruleLines(rt, 'sandbox.no-buffer')).toHaveLength(1);
    expect(ruleLines(rt, 'sandbox.no-process')).toHaveLength(1);
  });

  test('each invocation runs in a fresh context: module state does not survive', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect(await answer(rt, 'bumpCounter')).toEqual({ counter: 1 });
    expect(await answer(rt, 'bumpCounter')).toEqual({ counter: 1 });
  });

  test('Date follows the clock', async () => {
    const { rt, clock } = await runtimeFor('sandbox');
    await clock.advance(90_000);
    const now = await answer(rt, 'clockNow');
    expect(now).toEqual({ now: clock.now(), iso: new Date(clock.now()).toISOString(), isDate: true, sameConstructor: true, parsed: Date.UTC(2020, 0, 1), utc: Date.UTC(2020, 0, 1) });
  });

  test('payloads arrive as copies of the sandbox’s own realm', async () => {
    const { rt } = await runtimeFor('sandbox');
    const ticket = { subject: 'original' };
    expect(await answer(rt, 'mutatePayload', { ticket })).toEqual({ objectOfThisRealm: true, keys: ['currentHost', 'iparams', 'ticket'] });
    expect(ticket.subject).toBe('original');
  });

  test('console output reaches the log with its level', async () => {
    const seen: string[] = [];
    const { rt } = await runtimeFor('sandbox', { onLog: (e) => seen.push(`${e.level}:${e.message}`) });
    await answer(rt, 'logLevels');
    const app = rt.logs.filter((l) => l.source === 'app:logLevels').map((l) => `${l.level}:${l.message}`);
    expect(app).toEqual(['info:log line { id: 1 }', 'info:info line', 'warn:warn line', 'error:error line', 'debug:debug line']);
    expect(seen).toEqual(expect.arrayContaining(app));
  });

  test('an unhandled rejection fails the invocation at once, naming the rule', async () => {
    const { rt } = await runtimeFor('sandbox', { iparams: {} });
    expect((await smi(rt, 'unhandledRejection')).value).toMatchObject({ status: 404, message: 'Record not found', rule: 'execution.unhandled-rejection' });
    expect(ruleLines(rt, 'execution.unhandled-rejection')).toHaveLength(1);
  });

  test('a synchronous infinite loop is cut off by the CPU guard and reported as a timeout', async () => {
    const { rt } = await runtimeFor('sandbox', { cpuGuardMs: 100 });
    expect((await smi(rt, 'spin')).value).toMatchObject({ status: 504, message: 'app execution timeout' });
    expect(ruleLines(rt, 'execution.timeout')).toHaveLength(1);
    expect((await smi(rt, 'bumpCounter')).ok).toBe(true);
  });
});

describe('sandbox: require', () => {
  test('a declared dependency at its pinned version loads from node_modules', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect(await answer(rt, 'requireDependency')).toEqual({ text: 'Hi Ada' });
  });

  test('an undeclared package is refused, naming manifest dependencies', async () => {
    const { rt } = await runtimeFor('sandbox');
    const failed = await smi(rt, 'requireUndeclared');
    expect(failed.value.message).toBe(`require('lodash'): 'lodash' is not declared in manifest.json "dependencies"; the platform installs only the packages listed there (with exact versions), so this require fails in production.`);
    expect(ruleLines(rt, 'sandbox.require-undeclared')).toHaveLength(1);
  });

  test('a dependency whose installed version differs from the manifest is refused', async () => {
    const { rt } = await runtimeFor('sandbox');
    const failed = await smi(rt, 'requireMismatched');
    expect(failed.value.message).toBe(`require('ajv'): manifest.json "dependencies" pins ajv 8.0.0 but node_modules has 8.20.0; the platform installs exactly the manifest's version (FDK lint rule no-dependency-mismatch).`);
  });

  test('Node built-ins are not declared packages', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect((await smi(rt, 'requireBuiltin')).value.message).toMatch(/^require\('fs'\): 'fs' is a Node\.js built-in module, not a declared package/);
  });

  test('the app’s own files under server/ load with a relative require', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect(await answer(rt, 'requireLocal')).toEqual({ text: 'Hello, Ada' });
  });
});

describe('sandbox: dispatch', () => {
  test('an unregistered server method is "Requested function not found or registered"', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect((await smi(rt, 'nope')).value).toMatchObject({ status: 404, message: 'Requested function not found or registered' });
  });

  test('handlers run with this = the exports object', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect(await answer(rt, 'callsSibling')).toEqual({ value: 42 });
  });

  test('a handler named in the manifest but not exported is reported at load and fails naming both', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect(ruleLines(rt, 'dispatch.handler-missing')).toEqual(["manifest.json modules.common.functions names 'ghost', but server/server.js does not export it; invocations of it will fail."]);
    const failed = await smi(rt, 'ghost');
    expect(failed.value.message).toMatch(/^manifest\.json maps server method 'ghost' to handler 'ghost', but server\/server\.js does not export a function 'ghost'/);
    expect(ruleLines(rt, 'dispatch.handler-missing')).toHaveLength(2);
  });

  test('legacy $request verbs reject as on platform 2.3+', async () => {
    const { rt } = await runtimeFor('sandbox');
    expect(await answer(rt, 'legacyGet')).toEqual({ ok: false, error: { status: 400, message: 'get is no longer supported in Request API', errorSource: 'PLATFORM' } });
  });

  test('product events carry the platform envelope, secure iparams included', async () => {
    const { rt, clock } = await runtimeFor('sandbox', { iparams: { api_key: 'secret', plan: 'pro' }, secureIparams: ['api_key'], accountId: '42' });
    const result = await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: 7 } });
    expect(result).toMatchObject({ ok: true, via: 'renderData', handler: 'onTicketCreateHandler' });
    expect(result.data).toEqual({
      account_id: '42',
      domain: 'acme.freshservice.com',
      event: 'onTicketCreate',
      region: 'US',
      timestamp: clock.now(),
      data: { ticket: { id: 7 } },
      iparams: { api_key: 'secret', plan: 'pro' },
      currentHost: { subscribed_modules: ['service_ticket'], endpoint_urls: { freshservice: 'https://acme.freshservice.com' } },
    });
    expect(rt.frontEndIparams()).toEqual({ plan: 'pro' });
  });

  test('events the manifest does not register are not delivered', async () => {
    const { rt } = await runtimeFor('sandbox', { iparams: {} });
    expect(await rt.fireProductEvent('service_ticket', 'onTicketUpdate', {})).toMatchObject({ ok: false, via: 'not-subscribed' });
  });

  test('a broken app folder fails to load with ERR_APP_LOAD', async () => {
    await expect(createRuntime({ appDir: resolve(FIXTURES, 'missing'), clock: new VirtualClock(), currentHost: { freshservice: 'https://a.freshservice.com' } })).rejects.toThrow(RuntimeError);
  });

  test('a disposed runtime refuses further use', async () => {
    const { rt } = await runtimeFor('sandbox');
    await rt.dispose();
    await expect(rt.invokeServerMethod('bumpCounter')).rejects.toMatchObject({ code: 'ERR_DISPOSED' });
  });
});
