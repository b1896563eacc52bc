/**
 * "Check the rules": core's checks in the page plus the `checkSettings` server method, which adds
 * the JSON-Schema errors (ajv runs only on the server), without saving anything. Power users
 * writing JSON get the full verdict before they save.
 */
import type { TemplateEngine } from '../../core/templates';
import { fwButton, h } from './dom';
import type { InstallClient, Timers } from './fdk';
import { checkRulesText, type RulesPanel } from './rules/panel';
import { serverCheck, uniqueRuleErrors } from './validation';

export interface RulesCheckDeps {
  panel: RulesPanel;
  client(): Promise<InstallClient>;
  templates(): TemplateEngine | undefined;
  timers: Timers;
}

function verdictText(errors: number, server: string | null): string {
  if (errors > 0) return '';
  if (server !== null) return `No problems found by this page's checks; the server could not add its own (${server}).`;
  return 'No problems found: the rules pass every check, the JSON Schema included.';
}

export function createRulesCheck(deps: RulesCheckDeps): HTMLElement {
  const status = h('span', { class: 'tr-check-status', id: 'rules-check-status', role: 'status' });

  async function run(): Promise<void> {
    status.textContent = 'Checking the rules…';
    const text = deps.panel.text();
    const local = checkRulesText(text, deps.templates());
    const server = await deps.client().then((client) => serverCheck(client, { rules: text }, deps.timers), () => 'the Freshworks client did not start');
    const errors = uniqueRuleErrors([...local, ...(typeof server === 'string' ? [] : server.ruleErrors)]);
    deps.panel.showErrors(errors);
    status.textContent = verdictText(errors.length, typeof server === 'string' ? server : null);
  }

  const button = fwButton({
    id: 'rules-check',
    label: 'Check the rules',
    size: 'small',
    onClick: () => {
      run().catch(() => {
        status.textContent = 'The rules could not be checked; try again.';
      });
    },
  });
  return h('div', { class: 'tr-rules-check' }, [status, button]);
}
