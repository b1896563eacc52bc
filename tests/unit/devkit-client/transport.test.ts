import { describe, expect, test } from 'vitest';
import { httpTransport, unwrap } from '../../../devkit/client/transport.ts';

function answer(status: number, text: string) {
  return Promise.resolve({ ok: status >= 200 && status < 300, status, text: () => Promise.resolve(text) });
}

describe('httpTransport', () => {
  test('POSTs JSON to /__devkit/api/<op> and returns the reply', async () => {
    const sent: unknown[] = [];
    const transport = httpTransport((url, init) => {
      sent.push([url, init.method, init.headers['Content-Type'], JSON.parse(init.body)]);
      return answer(200, '{"ok":true,"value":{"Created":true}}');
    }, 'http://127.0.0.1:1');
    await expect(transport('db', { op: 'set', args: ['k', { a: 1 }] })).resolves.toEqual({ ok: true, value: { Created: true } });
    expect(sent).toEqual([['http://127.0.0.1:1/__devkit/api/db', 'POST', 'application/json', { op: 'set', args: ['k', { a: 1 }] }]]);
  });

  test('a dev server that does not answer becomes a 502 that says what to do', async () => {
    const transport = httpTransport(() => Promise.reject(new TypeError('Failed to fetch')));
    const reply = await transport('iparams', {});
    expect(reply).toEqual({ ok: false, error: { status: 502, message: expect.stringContaining('is `npm start` still running?') } });
  });

  test('a devkit failure (non-2xx) and a non-JSON answer become platform-shaped errors', async () => {
    await expect(httpTransport(() => answer(400, 'devkit: bad'))('iparams', {})).resolves.toEqual({ ok: false, error: { status: 400, message: 'devkit: the dev server failed on iparams: devkit: bad' } });
    await expect(httpTransport(() => answer(500, ''))('iparams', {})).resolves.toMatchObject({ ok: false, error: { status: 500, message: expect.stringContaining('HTTP 500') } });
    await expect(httpTransport(() => answer(200, '<html>'))('iparams', {})).resolves.toMatchObject({ ok: false, error: { status: 502, message: expect.stringContaining('other than JSON') } });
  });
});

describe('unwrap', () => {
  test('resolves the value or rejects the error object itself', async () => {
    await expect(unwrap({ ok: true, value: 3 })).resolves.toBe(3);
    await expect(unwrap({ ok: false, error: { status: 429, message: 'slow down' } })).rejects.toEqual({ status: 429, message: 'slow down' });
  });
});
