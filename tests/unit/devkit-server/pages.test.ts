import { describe, expect, test } from 'vitest';
import { renderAppPage, TemplateRenderError } from '../../../devkit/server/app-pages.ts';
import { escapeHtml, html, jsonScript, raw } from '../../../devkit/server/html.ts';
import { formatEntry } from '../../../devkit/server/live-log.ts';
import { ticketListFragment } from '../../../devkit/server/pages/ticket-page.ts';

describe('renderAppPage', () => {
  test('{{{appclient}}} becomes the client script, jsDelivr goes local, and the fetch shim runs first', () => {
    const page = renderAppPage('app/index.html', '<html><head lang="en"><script src="{{{appclient}}}"></script><script src="https://cdn.jsdelivr.net/npm/handlebars@4.7.10/dist/handlebars.min.js"></script></head></html>');
    expect(page).toBe('<html><head lang="en"><script src="/__devkit/cdn-shim.js"></script><script src="/__devkit/client.js"></script><script src="/__devkit/cdn/npm/handlebars@4.7.10/dist/handlebars.min.js"></script></head></html>');
  });

  test('a page that Handlebars cannot render fails with the file name and the reason', () => {
    expect(() => renderAppPage('app/broken.html', '<p>{{#if}}</p>')).toThrow(TemplateRenderError);
    expect(() => renderAppPage('app/broken.html', '<p>{{#if}}</p>')).toThrow(/^app\/broken\.html could not be rendered with Handlebars/);
  });
});

describe('html', () => {
  test('escapes interpolated values, keeps nested html and raw markup', () => {
    const subject = '<script>alert("x")</script> & \'q\'';
    expect(html`<p title="${subject}">${subject}</p>${html`<b>${1}</b>`}${raw('<hr>')}${[html`<i>a</i>`, 'b<']}${undefined}${false}`.value).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;</p><b>1</b><hr><i>a</i>b&lt;',
    );
    expect(escapeHtml('a&b')).toBe('a&amp;b');
  });

  test('jsonScript cannot be closed by the data', () => {
    expect(jsonScript('state', { s: '</script><script>x()</script>' }).value).toBe('<script type="application/json" id="state">{"s":"\\u003c/script>\\u003cscript>x()\\u003c/script>"}</script>');
  });

  test('the ticket list shows subjects as text', () => {
    const markup = ticketListFragment([{ id: 3, subject: '<img src=x>', status: 'Open', priority: 'Low', requester: 'A & B', updatedAt: '' }], 3).value;
    expect(markup).toContain('<span class="ticket-list__subject">&lt;img src=x&gt;</span>');
    expect(markup).toContain('class="is-selected" aria-current="true"');
    expect(markup).toContain('#3 · Open · Low · A &amp; B');
    expect(ticketListFragment([], undefined).value).toContain('No tickets');
  });
});

describe('formatEntry', () => {
  const entry = { at: Date.UTC(2026, 10, 26, 9, 30, 1, 250), level: 'warn' as const, source: 'db', message: 'rate limit exceeded', rule: 'db.rate-limit', invocation: 12 };

  test('one line: time, level, source, invocation, message and rule; colour only when asked', () => {
    expect(formatEntry(entry, { colour: false, verbose: true })).toBe('09:30:01.250 WARN  db #12  rate limit exceeded [db.rate-limit]');
    expect(formatEntry(entry, { colour: true, verbose: true })).toBe('\x1b[33m09:30:01.250 WARN  db #12  rate limit exceeded [db.rate-limit]\x1b[0m');
  });

  test('debug lines only when verbose', () => {
    const debug = { at: 0, level: 'debug' as const, source: 'request', message: 'ok' };
    expect(formatEntry(debug, { colour: false, verbose: false })).toBeUndefined();
    expect(formatEntry(debug, { colour: false, verbose: true })).toBe('00:00:00.000 DEBUG request  ok');
  });
});
