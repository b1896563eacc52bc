import { request } from 'node:http';
import { describe, expect, test } from 'vitest';
import { basicAuth } from '../../../devkit/fake-freshservice/index.ts';
import type { Harness } from './harness.ts';
import { startHarness } from './harness.ts';

/** After each bad request the server must still answer a good one. */
async function stillServing(h: Harness): Promise<void> {
  expect((await h.get('/api/v2/agents/me')).status).toBe(200);
}

describe('http: JSON only (reference §3, §7)', () => {
  test('invalid_json: a malformed body is 400 invalid_json, and the server keeps serving', async () => {
    const h = await startHarness();
    const a = await h.api('PUT', '/api/v2/tickets/1', { raw: '{"priority": 3,', headers: { 'Content-Type': 'application/json' } });
    expect(a.status).toBe(400);
    expect(a.body.description).toBe('Validation failed');
    expect(a.body.errors[0]).toMatchObject({ code: 'invalid_json' });
    await stillServing(h);
  });

  test('invalid_json: a JSON body that is not an object is 400 invalid_json', async () => {
    const h = await startHarness();
    for (const raw of ['[1,2]', '42', 'null', '']) {
      const a = await h.api('POST', '/api/v2/tickets', { raw, headers: { 'Content-Type': 'application/json' } });
      expect(a.body.errors[0].code).toBe('invalid_json');
    }
  });

  test('415: a non-JSON or missing Content-Type on POST/PUT', async () => {
    const h = await startHarness();
    const xml = await h.api('POST', '/api/v2/tickets', { raw: '<ticket/>', headers: { 'Content-Type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expect(xml.body).toMatchObject({ code: 'invalid_content_type' });
    expect(xml.body.message).toContain('application/xml');
    const none = await h.api('PUT', '/api/v2/tickets/1', { raw: '{"priority":1}' });
    expect(none.status).toBe(415);
    const charset = await h.api('PUT', '/api/v2/tickets/1', { raw: '{"priority":1}', headers: { 'Content-Type': 'application/json; charset=utf-8' } });
    expect(charset.status).toBe(200);
    await stillServing(h);
  });

  test('406: an Accept header that excludes JSON', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets/1', { headers: { Accept: 'application/xml' } });
    expect(a.status).toBe(406);
    expect(a.body.code).toBe('invalid_accept_header');
    for (const accept of ['application/json', '*/*', 'text/html, application/json;q=0.9']) {
      expect((await h.get('/api/v2/tickets/1', { headers: { Accept: accept } })).status).toBe(200);
    }
  });

  test('413: a body over 1 MiB, and the server keeps serving', async () => {
    const h = await startHarness();
    const big = JSON.stringify({ description: 'x'.repeat(1024 * 1024) });
    const a = await h.api('PUT', '/api/v2/tickets/1', { raw: big, headers: { 'Content-Type': 'application/json' } });
    expect(a.status).toBe(413);
    expect(a.body.code).toBe('request_too_large');
    const justUnder = JSON.stringify({ description: 'x'.repeat(1024 * 1024 - 40) });
    expect((await h.api('PUT', '/api/v2/tickets/1', { raw: justUnder, headers: { 'Content-Type': 'application/json' } })).status).toBe(200);
    await stillServing(h);
  });
});

describe('http: routing (reference §3)', () => {
  test('405: a wrong method names the allowed ones in Allow', async () => {
    const h = await startHarness();
    const a = await h.api('PUT', '/api/v2/tickets', { body: {} });
    expect(a.status).toBe(405);
    expect(a.headers.get('allow')).toBe('GET, POST');
    expect(a.body.code).toBe('method_not_allowed');
    expect((await h.api('POST', '/api/v2/agents/me', { body: {} })).status).toBe(405);
    await stillServing(h);
  });

  test('404: unknown paths and non-numeric ids have an empty body and rate-limit headers', async () => {
    const h = await startHarness();
    for (const path of ['/api/v2/nothing', '/api/v2/tickets/abc', '/api/v1/tickets', '/']) {
      const a = await h.get(path);
      expect(a.status).toBe(404);
      expect(a.text).toBe('');
      expect(a.headers.get('x-ratelimit-total')).toBe('100');
    }
  });

  test('headers: JSON answers carry Content-Type and X-Freshservice-Api-Version', async () => {
    const h = await startHarness();
    const a = await h.get('/api/v2/tickets/1');
    expect(a.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(a.headers.get('x-freshservice-api-version')).toBe('latest=v2; requested=v2');
  });

  test('http: a client that disconnects mid-body does not stop the server', async () => {
    const h = await startHarness();
    await new Promise<void>((resolve) => {
      const url = new URL(`${h.fake.url}/api/v2/tickets/1`);
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'PUT', headers: { Authorization: basicAuth(h.fake.keys.admin), 'Content-Type': 'application/json', 'Content-Length': '1000' } });
      req.on('error', () => resolve());
      req.write('{"priority":', () => {
        req.destroy();
        resolve();
      });
    });
    await stillServing(h);
  });
});
