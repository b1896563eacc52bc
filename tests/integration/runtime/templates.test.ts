import { beforeEach, describe, expect, test } from 'vitest';
import { VirtualClock } from '../../../devkit/clock.ts';
import type { Runtime } from '../../../devkit/runtime/index.ts';
import { evaluate, parseExpression } from '../../../devkit/runtime/request/expression.ts';
import { renderTemplate } from '../../../devkit/runtime/request/render.ts';
import { PlatformRefusal } from '../../../devkit/runtime/errors.ts';
import { answer, json, ruleLines, runtimeFor, startUpstream, type Upstream } from './helpers.ts';

let clock: VirtualClock;
let up: Upstream;
let rt: Runtime;
let state: { flaky: number; times: number[] };

beforeEach(async () => {
  clock = new VirtualClock();
  state = { flaky: 0, times: [] };
  up = await startUpstream(async (req, res, body) => {
    const url = new URL(req.url ?? '/', 'http://upstream');
    state.times.push(clock.now());
    if (url.pathname.startsWith('/echo/')) return json(res, 200, { path: url.pathname, query: Object.fromEntries(url.searchParams), auth: req.headers.authorization ?? null, plan: req.headers['x-plan'] ?? null });
    if (url.pathname === '/things') return json(res, 201, { received: body, type: req.headers['content-type'], length: req.headers['content-length'] });
    if (url.pathname === '/flaky') return state.flaky-- > 0 ? json(res, 503, { error: 'busy' }) : json(res, 200, { ok: true });
    if (url.pathname.startsWith('/status/')) return json(res, Number(url.pathname.slice(8)), { code: url.pathname.slice(8) });
    if (url.pathname === '/slow') {
      await clock.activity.whileWaiting(clock.sleep(20_000));
      return json(res, 200, { slow: true });
    }
    if (url.pathname === '/drop') return void req.socket.destroy();
    if (url.pathname === '/binary') {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      return void res.end(Buffer.from([1, 2, 3]));
    }
    if (url.pathname === '/big') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      return void res.end('x'.repeat(6 * 1024 * 1024 + 1));
    }
    return json(res, 404, { error: 'no route' });
  });
  ({ rt } = await runtimeFor('templates', { clock, currentHost: { freshservice: up.url }, iparams: { api_key: 'k3y', plan: 'pro' }, secureIparams: ['api_key'] }));
});

/** Invokes a template from serverless code; answers { ok, result | error }. */
function call(template: string, options: Record<string, unknown> = {}): Promise<{ ok: boolean; result?: any; error?: any }> {
  return answer(rt, 'call', { template, options });
}

describe('request templates: rendering', () => {
  test('renders host, path, query and headers with iparams, context, current_host and encode()', async () => {
    const { ok, result } = await call('echo', { context: { id: 7, q: 'a b&c' } });
    expect(ok).toBe(true);
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('application/json');
    expect(JSON.parse(result.response)).toEqual({ path: '/echo/7', query: { q: 'a b&c', plan: 'pro', per_page: '100' }, auth: `Basic ${Buffer.from('k3y:X').toString('base64')}`, plan: 'pro' });
    expect(up.requests[0]?.url).toBe('/echo/7?q=a+b%26c&plan=pro&per_page=100');
  });

  test('a missing context value renders as the empty string', async () => {
    const { result } = await call('echo');
    expect(JSON.parse(result.response)).toMatchObject({ path: '/echo/', query: { q: '' } });
  });

  test('the body is a string sent as is, up to 100 KB', async () => {
    const { result } = await call('createThing', { body: JSON.stringify({ name: 'x' }) });
    expect(result.status).toBe(201);
    expect(JSON.parse(result.response)).toEqual({ received: '{"name":"x"}', type: 'application/json', length: '12' });
    // Sent from the front end: the same service, without the server-method payload limit in the way.
    expect((await rt.invokeTemplate('createThing', { body: 'é'.repeat(51_200) })).status).toBe(201);
    await expect(rt.invokeTemplate('createThing', { body: 'é'.repeat(51_200) + 'x' })).rejects.toEqual({
      status: 400, headers: {}, errorSource: 'PLATFORM', attempts: 0, rule: 'request.body-size',
      response: "invokeTemplate('createThing'): body is 102401 bytes; the request payload limit is 102400 bytes (100 KB).",
      message: "invokeTemplate('createThing'): body is 102401 bytes; the request payload limit is 102400 bytes (100 KB).",
    });
    expect((await call('createThing', { body: { name: 'x' } })).error).toMatchObject({ status: 400, errorSource: 'PLATFORM', rule: 'request.body-type' });
  });

  test('a template must be declared in the manifest and defined in requests.json', async () => {
    expect((await call('undeclared')).error).toMatchObject({ status: 400, errorSource: 'PLATFORM', attempts: 0, message: "Request template not found: 'undeclared' is not declared in manifest.json modules.common.requests." });
    expect((await call('declaredOnly')).error).toMatchObject({ status: 400, message: "Request template not found: 'declaredOnly' is not defined in config/requests.json." });
    expect(up.requests).toHaveLength(0);
    expect(ruleLines(rt, 'request.template-not-found')).toHaveLength(2);
  });

  test('a secure iparam outside headers is refused, naming the iparam and the field', async () => {
    expect((await call('secureInPath')).error).toMatchObject({ status: 400, errorSource: 'PLATFORM', rule: 'request.secure-iparam', message: "Request template 'secureInPath': Invalid iparam substitution: secure iparam 'api_key' is used in path; secure iparams can only be used in headers." });
    expect((await call('secureInQuery')).error?.message).toBe("Request template 'secureInQuery': Invalid iparam substitution: secure iparam 'api_key' is used in query 'key'; secure iparams can only be used in headers.");
    expect(up.requests).toHaveLength(0);
  });

  test('host must be a domain name: no IP address, protocol or path', async () => {
    expect((await call('contextInHost', { context: { host: '127.0.0.1' } })).error?.message).toBe("Request template 'contextInHost': host '127.0.0.1' must be a domain name, not an IP address.");
    expect((await call('contextInHost', { context: { host: 'acme.example.com/x' } })).error?.message).toBe("Request template 'contextInHost': host 'acme.example.com/x' must not contain a path (or a trailing slash); put it in \"path\".");
    expect((await call('protocolInHost')).error?.message).toBe("Request template 'protocolInHost': host 'https://acme.freshservice.com' must not include a protocol; set \"protocol\" instead.");
    expect((await call('currentHostInPath')).error?.message).toBe("Request template 'currentHostInPath': current_host cannot be used in path (path); it is substituted only in host and headers.");
  });

  test('options outside their range are refused', async () => {
    expect((await call('tooManyAttempts')).error?.message).toBe("Request template 'tooManyAttempts': options.maxAttempts must be an integer from 1 to 5, got 6.");
  });
});

describe('request templates: results', () => {
  test('a non-2xx answer rejects with errorSource APP, the upstream body and the attempts', async () => {
    expect((await call('status', { context: { code: 404 } })).error).toEqual({ status: 404, headers: expect.objectContaining({ 'content-type': 'application/json' }), response: '{"code":"404"}', errorSource: 'APP', attempts: 1 });
  });

  test('a dropped connection is a PLATFORM 502', async () => {
    expect((await call('drop')).error).toMatchObject({ status: 502, errorSource: 'PLATFORM', rule: 'request.connection', attempts: 1 });
  });

  test('a response content type outside the allow-list is a PLATFORM 415', async () => {
    expect((await call('binary')).error).toMatchObject({ status: 415, errorSource: 'PLATFORM', rule: 'request.content-type' });
  });

  test('a response over 6 MB is refused', async () => {
    expect((await call('big')).error).toMatchObject({ status: 413, errorSource: 'PLATFORM', rule: 'request.response-size' });
  });

  test('no answer within 15 s of clock time is a PLATFORM 504', async () => {
    let settled: any;
    void call('slow').then((r) => (settled = r));
    await clock.advance(14_999);
    expect(settled).toBeUndefined();
    await clock.advance(1);
    expect(settled.error).toMatchObject({ status: 504, errorSource: 'PLATFORM', rule: 'request.timeout', attempts: 1 });
  });
});

describe('request templates: retries', () => {
  test('maxAttempts retries 5xx after retryDelay on the clock, counting every attempt', async () => {
    state.flaky = 2;
    const pending = call('flaky');
    await clock.advance(5_000);
    expect((await pending).result).toMatchObject({ status: 200 });
    expect(state.times.map((t) => t - clock.now() + 5_000)).toEqual([0, 500, 1000]);
    expect(rt.stats.templates).toMatchObject({ total: 3, calls: 1 });
  });

  test('when attempts run out the last upstream answer rejects with its attempts', async () => {
    state.flaky = 9;
    const pending = call('flaky');
    await clock.advance(5_000);
    expect((await pending).error).toMatchObject({ status: 503, errorSource: 'APP', attempts: 3 });
  });

  test('retryDelay defaults to 1000 ms', async () => {
    state.flaky = 1;
    const pending = call('flakyDefaultDelay');
    await clock.advance(5_000);
    expect((await pending).ok).toBe(true);
    expect(state.times[1]! - state.times[0]!).toBe(1000);
  });
});

describe('request templates: FDK limit of 50 calls per minute', () => {
  test('50 calls pass, the 51st is refused with a PLATFORM 429 without being sent', async () => {
    expect(await answer(rt, 'burst', { n: 51 })).toEqual([...Array(50).fill('200'), '429:PLATFORM']);
    expect(up.requests).toHaveLength(50);
    expect(ruleLines(rt, 'request.rate-limit')[0]).toBe("FDK request limit: 50 request-template calls per minute per app reached in the minute starting 09:00:00Z (this would be call 51); 'echo' was not sent (attempt 1 of 1). The window resets at 09:01:00Z.");
    await clock.advance(60_000);
    expect(await answer(rt, 'burst', { n: 1 })).toEqual(['200']);
    expect(rt.stats.templates).toMatchObject({ total: 51, peak: 50, refused: 1 });
  });

  test('front-end calls share the limit; cached front-end answers do not count', async () => {
    await answer(rt, 'burst', { n: 49 });
    const first = await rt.invokeTemplate('echo', { context: { id: 1 }, cache: true });
    const second = await rt.invokeTemplate('echo', { context: { id: 1 }, cache: true });
    expect(second).toEqual(first);
    await expect(rt.invokeTemplate('echo', { context: { id: 2 } })).rejects.toMatchObject({ status: 429, errorSource: 'PLATFORM' });
    expect(rt.stats.templates).toMatchObject({ total: 50, cacheHits: 1 });
  });
});

describe('request templates: expression language', () => {
  const scope = { iparam: { k: 'key', n: 2 }, context: { 'a-b': 'dash' } };
  test('member paths, brackets, literals, + and encode()', () => {
    expect(evaluate(parseExpression("encode(iparam.k + ':X')"), scope)).toBe(Buffer.from('key:X').toString('base64'));
    expect(evaluate(parseExpression("context['a-b'] + \"!\""), scope)).toBe('dash!');
    expect(evaluate(parseExpression('iparam.n + 3'), scope)).toBe(5);
    expect(evaluate(parseExpression('iparam.missing.deeper'), scope)).toBeUndefined();
  });

  test('anything else is a syntax error', () => {
    expect(() => parseExpression('process.exit()')).toThrow("unknown function 'process.exit()'; only encode() is available");
    expect(() => parseExpression('a ; b')).toThrow("unexpected '; b' at position 1");
    expect(() => parseExpression('encode(a')).toThrow("expected ')' but found the end");
  });

  test('a literal host with protocol http renders with a local-testing warning; <% %> blocks are refused', () => {
    const rendered = renderTemplate('t', { schema: { method: 'GET', protocol: 'http', host: 'api.example.com', path: '/x' } }, { iparams: {}, secure: new Set(), context: {}, currentHost: { endpoint_urls: {}, subscribed_modules: [] } });
    expect(rendered.url.href).toBe('http://api.example.com/x');
    expect(rendered.warnings).toEqual(["Request template 't': protocol http is only allowed for local testing; a packed or submitted app must use https."]);
    expect(() => renderTemplate('t', { schema: { method: 'GET', host: 'a.example.com', path: '/<% x %>' } }, { iparams: {}, secure: new Set(), context: {}, currentHost: { endpoint_urls: {}, subscribed_modules: [] } })).toThrow(PlatformRefusal);
  });
});
