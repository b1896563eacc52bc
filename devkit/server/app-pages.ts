/**
 * App HTML as the platform serves it: rendered with Handlebars, where `{{{appclient}}}` becomes
 * the URL of the devkit's client script. On top, for local use only: jsDelivr URLs point at the
 * local CDN route, and a one-line fetch shim goes first in `<head>` so that URLs Crayons builds
 * at run time (its icons) are served locally too.
 */
import Handlebars from 'handlebars';
import { CLIENT_SCRIPT_PATH } from '../client/protocol.ts';
import { rewriteCdnUrls } from './cdn.ts';

export const CDN_SHIM_PATH = '/__devkit/cdn-shim.js';

export class TemplateRenderError extends Error {
  constructor(file: string, cause: unknown) {
    super(`${file} could not be rendered with Handlebars (the platform renders app pages with it too): ${(cause as Error).message}`, { cause });
    this.name = 'TemplateRenderError';
  }
}

export function renderAppPage(file: string, source: string): string {
  let rendered: string;
  try {
    rendered = Handlebars.compile(source)({ appclient: CLIENT_SCRIPT_PATH });
  } catch (error) {
    throw new TemplateRenderError(file, error);
  }
  return injectShim(rewriteCdnUrls(rendered));
}

function injectShim(markup: string): string {
  const tag = `<script src="${CDN_SHIM_PATH}"></script>`;
  const head = /<head(\s[^>]*)?>/i.exec(markup);
  if (head) return markup.slice(0, head.index + head[0].length) + tag + markup.slice(head.index + head[0].length);
  return tag + markup;
}
