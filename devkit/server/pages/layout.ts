/** The frame every host page shares: top bar with the three devkit pages and the install state. */
import { html, type SafeHtml } from '../html.ts';

export type PageId = 'tickets' | 'install' | 'simulator';

export interface LayoutInput {
  page: PageId;
  title: string;
  installed: boolean;
  body: SafeHtml;
  script: string;
}

const NAV: ReadonlyArray<[PageId, string, string]> = [
  ['tickets', '/', 'Tickets'],
  ['install', '/custom_configs', 'Installation'],
  ['simulator', '/web/test', 'Event simulator'],
];

export function layout(input: LayoutInput): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${input.title} · Ticket Radar devkit</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/__devkit/assets/host.css">
</head>
<body>
<header class="topbar">
  <span class="topbar__brand">Freshservice · local devkit</span>
  <nav>${NAV.map(([id, href, label]) => html`<a href="${href}"${id === input.page ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
  <span class="topbar__state" id="install-state-label">${input.installed ? 'App installed' : 'App not installed'}</span>
</header>
<main>
${input.body}
</main>
<script src="${input.script}"></script>
</body>
</html>`.value;
}
