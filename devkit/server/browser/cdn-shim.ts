/**
 * Runs first in every app page the dev server renders: sends `fetch` calls for jsDelivr npm URLs
 * (Crayons' icons) to the dev server's local CDN route, so nothing leaves the machine.
 */
const CDN = 'https://cdn.jsdelivr.net/npm/';
const LOCAL = '/__devkit/cdn/npm/';
const realFetch = window.fetch.bind(window);

window.fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  return url.startsWith(CDN) ? realFetch(LOCAL + url.slice(CDN.length), init) : realFetch(input, init);
};
