/** JSON Schema checks (ajv) with messages that name the file, the place and the fix. */
import { Ajv, type ErrorObject } from 'ajv';
import manifestSchema from './schemas/manifest.schema.json' with { type: 'json' };
import requestsSchema from './schemas/requests.schema.json' with { type: 'json' };
import iparamsSchema from './schemas/iparams.schema.json' with { type: 'json' };
import type { Findings } from './findings.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = {
  manifest: ajv.compile(manifestSchema),
  requests: ajv.compile(requestsSchema),
  iparams: ajv.compile(iparamsSchema),
};

export type SchemaName = keyof typeof validators;

function place(error: ErrorObject): string {
  const path = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return path.length === 0 ? '(top level)' : path.join(' > ');
}

/** Turns one ajv error into a sentence in the spirit of `fdk validate`. */
export function describeSchemaError(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${place(error)} must NOT have additional properties '${String(params.additionalProperty)}'`;
    case 'required':
      return `${place(error)} must have required property '${String(params.missingProperty)}'`;
    case 'enum':
      return `${place(error)} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'propertyNames':
      return `${place(error)} has an invalid name '${String(params.propertyName)}'`;
    default:
      return `${place(error)} ${error.message ?? 'is invalid'}`;
  }
}

/** Validates `value` against a named schema; returns true when it conforms. */
export function checkSchema(name: SchemaName, file: string, value: unknown, findings: Findings): boolean {
  const validate = validators[name];
  if (validate(value)) return true;
  const seen = new Set<string>();
  for (const error of validate.errors ?? []) {
    if (error.keyword === 'if' || error.keyword === 'propertyNames' && seen.has(place(error))) continue;
    const message = describeSchemaError(error);
    if (seen.has(message)) continue;
    seen.add(message);
    findings.error(file, message);
  }
  return false;
}
