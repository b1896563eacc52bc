/**
 * Third-party libraries, loaded with the sandbox's `require` (the platform installs the manifest's
 * `dependencies`), lazily so an invocation that needs neither pays nothing. Core code receives them
 * as interfaces, which keeps `core/` free of third-party code.
 */
import { RULES_SCHEMA } from '../../core/rules/schema';
import type { TemplateEngine } from '../../core/templates';

declare const require: (id: string) => unknown;

interface AjvLike {
  compile(schema: unknown): ((doc: unknown) => boolean) & { errors?: unknown[] | null };
}

type Validate = ((doc: unknown) => boolean) & { errors?: unknown[] | null };

let rulesValidator: Validate | undefined;

export function templateEngine(): TemplateEngine {
  return require('handlebars') as TemplateEngine;
}

/** Schema errors of a rules document (ajv's error objects; an empty list when it conforms). */
export function validateRulesSchema(doc: unknown): Array<{ instancePath: string; message?: string; keyword: string; params: unknown }> {
  if (rulesValidator === undefined) {
    const Ajv = require('ajv') as { default?: new (o: object) => AjvLike } & (new (o: object) => AjvLike);
    const Ctor = Ajv.default ?? Ajv;
    rulesValidator = new Ctor({ allErrors: true, strict: false }).compile(RULES_SCHEMA);
  }
  return rulesValidator(doc) ? [] : ((rulesValidator.errors ?? []) as Array<{ instancePath: string; keyword: string; params: unknown; message?: string }>);
}
