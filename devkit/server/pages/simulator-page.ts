/** `/web/test`: the event simulator, like `fdk run`'s page of the same path. */
import type { EventRef } from '../backend.ts';
import { html } from '../html.ts';
import { layout } from './layout.ts';

export interface SimulatorInput {
  events: readonly EventRef[];
  selected: EventRef | undefined;
  payload: unknown;
  installed: boolean;
}

export function simulatorPage(input: SimulatorInput): string {
  const key = (e: EventRef): string => `${e.module}/${e.event}`;
  const modules = [...new Set(input.events.map((e) => e.module))];
  const body =
    input.events.length === 0
      ? html`<p class="notice">manifest.json binds no events to handlers, so there is nothing to simulate.</p>`
      : html`<h1>Event simulator</h1>
<div class="simulator">
  <section class="panel">
    <div class="simulator__controls">
      <label>Event <select id="event-select">${modules.map(
        (m) => html`<optgroup label="${m}">${input.events
          .filter((e) => e.module === m)
          .map((e) => html`<option value="${key(e)}"${input.selected && key(e) === key(input.selected) ? html` selected` : ''}>${e.event} → ${e.handler}</option>`)}</optgroup>`,
      )}</select></label>
      <button class="primary" id="fire-button" type="button">Fire</button>
    </div>
    <label for="payload">Payload</label>
    <p class="muted hint">From server/test_data/&lt;module&gt;/&lt;event&gt;.json when the app has one, else built from the fake account's newest ticket. Edit freely: the runtime uses <code>data</code> and adds iparams, currentHost and the rest of the envelope as the platform does.</p>
    <textarea id="payload" spellcheck="false">${JSON.stringify(input.payload, null, 2)}</textarea>
    <p id="payload-error" role="alert"></p>
  </section>
  <section class="panel" aria-label="Result">
    <h2>Result</h2>
    <div id="fire-result" data-outcome="none" aria-live="polite"><p class="muted">Fire an event to see how its handler ends, how long it took and what it logged.</p></div>
  </section>
</div>`;
  return layout({ page: 'simulator', title: 'Event simulator', installed: input.installed, body, script: '/__devkit/assets/simulator-page.js' });
}
