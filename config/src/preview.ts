/**
 * The acknowledgement note's live preview: the template rendered by core (with the Handlebars the
 * page loads from jsDelivr, the same engine and options the server uses) on the sample ticket,
 * shown as plain text; and the list of variables a template can use.
 */
import { TEMPLATE_VARIABLES, checkTemplate, noteContext, renderTemplate, type TemplateEngine } from '../../core/templates';
import type { TicketFacts } from '../../core/ticket';
import { h } from './dom';

export type Preview = { kind: 'empty' | 'unavailable'; text: string } | { kind: 'text'; text: string } | { kind: 'error'; text: string; line: number | null };

export function previewNote(engine: TemplateEngine | undefined, template: string, facts: TicketFacts): Preview {
  if (template.trim() === '') return { kind: 'empty', text: 'No acknowledgement note: the app will not post one.' };
  if (engine === undefined) return { kind: 'unavailable', text: 'The preview needs Handlebars, which did not load; the template is still checked when you save.' };
  const problem = checkTemplate(engine, template);
  if (problem !== null) return { kind: 'error', text: `The template does not work${problem.line === undefined ? '' : ` (line ${problem.line})`}: ${problem.message}`, line: problem.line ?? null };
  const rendered = renderTemplate(engine, template, noteContext(facts, { rule: 'Acknowledgement' }));
  return rendered.ok ? { kind: 'text', text: rendered.text } : { kind: 'error', text: rendered.error, line: null };
}

/** The variables as a definition list: `{{ticket.subject}}` — Subject. */
export function variablesList(): HTMLElement {
  const items = TEMPLATE_VARIABLES.flatMap((v) => [h('dt', {}, [h('code', {}, [`{{${v.name}}}`])]), h('dd', {}, [v.description])]);
  return h('dl', { class: 'tr-variables', id: 'template-variables' }, items);
}
