import { describe, expect, test } from 'vitest';
import { answer, ruleLines, runtimeFor, smi } from './helpers.ts';

describe('renderData: first completion wins', () => {
  test('a second renderData is ignored with a warning', async () => {
    const { rt } = await runtimeFor('render-data');
    expect(await answer(rt, 'renderTwice')).toEqual({ answer: 1 });
    expect(ruleLines(rt, 'execution.first-completion-wins')).toEqual(['renderTwice: renderData was called after the invocation had already completed (via renderData); ignored: the first completion wins.']);
  });

  test('a throw after renderData does not turn success into failure', async () => {
    const { rt } = await runtimeFor('render-data');
    expect(await answer(rt, 'renderThenThrow')).toEqual({ answer: 'first' });
    expect(ruleLines(rt, 'execution.first-completion-wins')).toHaveLength(1);
  });

  test('an async handler that renders and then resolves answers with renderData’s data', async () => {
    const { rt } = await runtimeFor('render-data');
    expect(await answer(rt, 'renderThenResolve')).toEqual({ answer: 'rendered' });
    expect(ruleLines(rt, 'execution.first-completion-wins')).toHaveLength(1);
  });

  test('an async handler that resolves without renderData answers with its value', async () => {
    const { rt } = await runtimeFor('render-data');
    expect(await answer(rt, 'resolveWithoutRender', { value: 5 })).toEqual({ value: 5 });
  });
});

describe('server methods', () => {
  test('success resolves { requestID, status: 200, response } with the payload plus iparams and currentHost', async () => {
    const { rt } = await runtimeFor('render-data', { iparams: { plan: 'pro', api_key: 'k' }, secureIparams: ['api_key'] });
    const ok = await rt.invokeServerMethod('echo', { ticket_id: 3 });
    expect(ok).toMatchObject({ status: 200, requestID: expect.any(String) });
    expect(ok.response).toEqual({ ticket_id: 3, iparams: { plan: 'pro', api_key: 'k' }, currentHost: { subscribed_modules: ['service_ticket'], endpoint_urls: { freshservice: 'https://acme.freshservice.com' } } });
  });

  test('renderData({ status, message }) rejects with that status and message', async () => {
    const { rt } = await runtimeFor('render-data');
    expect((await smi(rt, 'renderError')).value).toMatchObject({ requestID: expect.any(String), status: 403, message: 'Not allowed for this ticket' });
    expect((await smi(rt, 'renderErrorWithoutStatus')).value).toMatchObject({ status: 500, message: 'no status given' });
  });

  test('a throw or a rejection fails the call with its message (and status, if any)', async () => {
    const { rt } = await runtimeFor('render-data');
    expect((await smi(rt, 'throwSync')).value).toMatchObject({ status: 500, message: 'handler exploded', rule: 'execution.handler-error' });
    expect((await smi(rt, 'rejectAsync')).value).toMatchObject({ status: 418, message: 'teapot' });
  });

  test('a method that never answers times out after 20 s of clock time; the runtime keeps running', async () => {
    const { rt, clock } = await runtimeFor('render-data');
    let settled: { ok: boolean; value: any } | undefined;
    void smi(rt, 'neverAnswers').then((r) => (settled = r));
    await clock.advance(19_999);
    expect(settled).toBeUndefined();
    await clock.advance(1);
    expect(settled).toEqual({ ok: false, value: { requestID: expect.any(String), status: 504, message: 'app execution timeout', rule: 'execution.timeout' } });
    expect(ruleLines(rt, 'execution.timeout')[0]).toMatch(/^app execution timeout: neverAnswers \(neverAnswers\) did not complete within 20000 ms/);
    expect(await answer(rt, 'echo', {})).toMatchObject({ iparams: {} });
    expect(rt.stats.invocations.timeouts).toBe(1);
  });

  test('a manifest timeout of 25 s extends the limit', async () => {
    const { rt, clock } = await runtimeFor('render-data');
    let settled = false;
    void smi(rt, 'slowMethod').then(() => (settled = true));
    await clock.advance(24_999);
    expect(settled).toBe(false);
    await clock.advance(1);
    expect(settled).toBe(true);
  });

  test('payload limit: 100 KB passes, one byte more is refused', async () => {
    const { rt } = await runtimeFor('render-data');
    const limit = 100 * 1024;
    const overhead = JSON.stringify({ s: '' }).length;
    expect((await smi(rt, 'echo', { s: 'x'.repeat(limit - overhead) })).ok).toBe(true);
    expect((await smi(rt, 'echo', { s: 'x'.repeat(limit - overhead + 1) })).value).toMatchObject({
      status: 413,
      message: `Server method 'echo' refused: the payload is ${limit + 1} bytes; the server-method payload limit is ${limit} bytes (100 KB).`,
    });
  });

  test('rate limit: 50 invocations per clock minute pass, the 51st is refused, the next minute is fresh', async () => {
    const { rt, clock } = await runtimeFor('render-data');
    for (let i = 0; i < 50; i++) expect((await smi(rt, 'echo')).ok).toBe(true);
    expect((await smi(rt, 'echo')).value).toMatchObject({ status: 429, message: "Server method 'echo' refused: 50 invocations per minute per installation already used in the minute starting 09:00:00Z (this would be call 51)." });
    await clock.advance(60_000);
    expect((await smi(rt, 'echo')).ok).toBe(true);
    expect(rt.stats.smi).toMatchObject({ total: 51, peak: 50, refused: 1 });
  });
});

describe('app-setup events', () => {
  test('install: renderData() allows and the iparams are stored; $db works during onAppInstall', async () => {
    const { rt } = await runtimeFor('render-data');
    const outcome = await rt.install({ plan: 'pro', api_key: 'k', __meta: { secure: ['api_key'] } });
    expect(outcome).toMatchObject({ allowed: true });
    expect(rt.installed).toBe(true);
    expect(rt.frontEndIparams()).toEqual({ plan: 'pro' });
    expect(rt.db.get('installed')).toEqual({ at: rt.clock.now() });
  });

  test('install: renderData({ message }) blocks with the message and stores nothing', async () => {
    const { rt } = await runtimeFor('render-data');
    expect(await rt.install({ block: 'The API key was rejected' })).toMatchObject({ allowed: false, message: 'The API key was rejected' });
    expect(rt.installed).toBe(false);
  });

  test('install: a message over 60 characters is cut to 60 and the rule logged', async () => {
    const { rt } = await runtimeFor('render-data');
    const long = 'x'.repeat(61);
    expect(await rt.install({ block: long })).toMatchObject({ allowed: false, message: 'x'.repeat(60) });
    expect(ruleLines(rt, 'setup.message-length')[0]).toMatch(/is 61 characters; the platform shows at most 60/);
    expect(await rt.install({ block: 'y'.repeat(60) })).toMatchObject({ allowed: false, message: 'y'.repeat(60) });
  });

  test('install: a throwing handler blocks with its message', async () => {
    const { rt } = await runtimeFor('render-data');
    expect(await rt.install({ explode: true })).toMatchObject({ allowed: false, message: 'install handler exploded' });
  });

  test('uninstall: blocked keeps the app; allowed deletes its data', async () => {
    const { rt } = await runtimeFor('render-data');
    await rt.install({ keep: true });
    expect(await rt.uninstall()).toMatchObject({ allowed: false, message: 'Uninstall blocked: pending work' });
    expect(rt.installed).toBe(true);
    await rt.updateIparams({ keep: false });
    expect(await rt.uninstall()).toMatchObject({ allowed: true });
    expect(rt.installed).toBe(false);
    expect(rt.db.dump()).toEqual({});
  });
});

describe('product events', () => {
  test('a synchronous handler ends when its platform calls are done (empty event loop)', async () => {
    const { rt } = await runtimeFor('render-data', { iparams: {} });
    const result = await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: 9, subject: 'VPN down' } });
    expect(result).toMatchObject({ ok: true, via: 'idle' });
    expect(rt.db.dump()).toEqual({ 'ticket-9': { subject: 'VPN down' }, counters: { created: 1 } });
  });

  test('a handler that never settles ends at 20 s with an app execution timeout', async () => {
    const { rt, clock } = await runtimeFor('render-data', { iparams: {} });
    const pending = rt.fireProductEvent('service_ticket', 'onTicketUpdate', { ticket: { id: 1 } });
    await clock.advance(20_000);
    expect(await pending).toMatchObject({ ok: false, via: 'timeout', rule: 'execution.timeout', error: { status: 504, message: 'app execution timeout' } });
  });

  test('invocations run concurrently: a stuck handler does not hold up others', async () => {
    const { rt, clock } = await runtimeFor('render-data', { iparams: {} });
    const stuck = rt.fireProductEvent('service_ticket', 'onTicketUpdate', { ticket: { id: 1 } });
    expect(await answer(rt, 'echo', { n: 1 })).toMatchObject({ n: 1 });
    expect(await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: 2, subject: 's' } })).toMatchObject({ ok: true });
    expect(rt.stats.invocations).toMatchObject({ inFlight: 1, peakInFlight: 2 });
    await clock.advance(20_000);
    expect(await stuck).toMatchObject({ via: 'timeout' });
  });

  test('are delivered to installed apps only', async () => {
    const { rt } = await runtimeFor('render-data');
    expect(await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: 1 } })).toMatchObject({ ok: false, via: 'refused', rule: 'event.not-installed' });
  });

  test('payload limit: 256 KB is delivered, one byte more is refused', async () => {
    const { rt } = await runtimeFor('render-data', { iparams: { api_key: 'iparams do not count' } });
    const limit = 256 * 1024;
    const probe = await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: 1, subject: 'x'.repeat(limit) } });
    const measured = Number(/the payload is (\d+) bytes/.exec(probe.error?.message ?? '')?.[1]);
    const fits = limit - (measured - limit);
    expect(await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: 1, subject: 'x'.repeat(fits) } })).toMatchObject({ ok: true });
    expect(await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: 1, subject: 'x'.repeat(fits + 1) } })).toMatchObject({
      ok: false,
      via: 'refused',
      error: { status: 413, message: `service_ticket/onTicketCreate was not delivered: the payload is ${limit + 1} bytes; the product-event payload limit is ${limit} bytes (256 KB).` },
    });
  });

  test('fault: event redelivery runs the handler a second time', async () => {
    const { rt } = await runtimeFor('render-data', { iparams: {}, faults: { eventRedelivery: 1 } });
    await rt.fireProductEvent('service_ticket', 'onTicketCreate', { ticket: { id: 2, subject: 's' } });
    expect(rt.db.get('counters')).toEqual({ created: 2 });
    expect(rt.stats.invocations).toMatchObject({ redelivered: 1, total: 2 });
  });

  test('connectEvents: tickets from an event source fire the handlers until switched off', async () => {
    const { rt } = await runtimeFor('render-data', { iparams: {} });
    const listeners: Array<(e: { event: 'onTicketCreate' | 'onTicketUpdate'; data: unknown }) => void> = [];
    const source = { on: (l: (typeof listeners)[number]) => void listeners.push(l) };
    const emit = (id: number): void => listeners.forEach((l) => l({ event: 'onTicketCreate', data: { ticket: { id, subject: `t${id}` } } }));
    const connection = rt.connectEvents(source);
    emit(1);
    emit(2);
    await connection.idle();
    expect(rt.db.get('counters')).toEqual({ created: 2 });
    connection.enabled = false;
    emit(3);
    await connection.idle();
    expect(rt.db.get('ticket-3')).toBeUndefined();
    expect(connection.delivered).toBe(2);
  });
});
