/** `/custom_configs`: the app's `config/iparams.html` in an iframe, with the platform's Install/Save bar. */
import type { InstallState } from '../backend.ts';
import { html, jsonScript } from '../html.ts';
import { layout } from './layout.ts';

export function installPage(installPageUrl: string | undefined, state: InstallState): string {
  const body =
    installPageUrl === undefined
      ? html`<p class="notice">The app has no <code>config/iparams.html</code>. This devkit hosts custom installation pages only; Ticket Radar's is built from <code>config/src/iparams.ts</code>.</p>`
      : html`<h1>${state.installed ? 'Edit settings' : 'Install Ticket Radar'}</h1>
<iframe class="install-frame" id="install-frame" title="Installation page" src="${`/${installPageUrl}?location=installation`}"></iframe>
<div class="install-bar">
  <button class="primary" id="install-button" type="button" disabled>${state.installed ? 'Save' : 'Install'}</button>
  <span id="install-status" role="status" data-kind="info">Loading the installation page…</span>
</div>
${jsonScript('install-state', state)}`;
  return layout({ page: 'install', title: 'Installation', installed: state.installed, body, script: '/__devkit/assets/install-page.js' });
}
