/**
 * JSON Schema (draft-07, compiles with ajv 8's default `Ajv` class) for rules format v1. A copy lives
 * in `rules.schema.json` for editors and docs; a unit test keeps the two identical.
 * The schema describes the shape only; `checkRules` adds the checks a schema cannot express, and
 * runs them even when no schema errors are given (the install page ships without ajv).
 */

const TEXT_FIELDS = 'subject|description_text|requester\\.email|requester\\.name|type|category|sub_category';
const NUMBER_FIELDS = 'source|priority|urgency|impact|status|group_id|department_id|responder_id';
const CHANGE_FIELDS = 'status|priority|urgency|impact|group_id|responder_id|source|department_id|type|category|sub_category';

export const RULES_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Ticket Radar rules, format v1',
  type: 'object',
  required: ['version', 'rules'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    version: { const: 1 },
    rules: { type: 'array', maxItems: 200, items: { $ref: '#/definitions/rule' } },
  },
  definitions: {
    rule: {
      type: 'object',
      required: ['name', 'on', 'when', 'then'],
      additionalProperties: false,
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 100 },
        description: { type: 'string', maxLength: 500 },
        on: { enum: ['create', 'update', 'both'] },
        when: { $ref: '#/definitions/condition' },
        then: { $ref: '#/definitions/actions' },
        stop: { type: 'boolean' },
        enabled: { type: 'boolean' },
      },
    },
    condition: {
      type: 'object',
      if: { required: ['all'], properties: { all: {} } },
      then: { $ref: '#/definitions/allOf' },
      else: {
        if: { required: ['any'], properties: { any: {} } },
        then: { $ref: '#/definitions/anyOf' },
        else: {
          if: { required: ['not'], properties: { not: {} } },
          then: { $ref: '#/definitions/notOf' },
          else: { $ref: '#/definitions/leaf' },
        },
      },
    },
    allOf: {
      type: 'object',
      required: ['all'],
      additionalProperties: false,
      properties: { all: { type: 'array', minItems: 1, maxItems: 50, items: { $ref: '#/definitions/condition' } } },
    },
    anyOf: {
      type: 'object',
      required: ['any'],
      additionalProperties: false,
      properties: { any: { type: 'array', minItems: 1, maxItems: 50, items: { $ref: '#/definitions/condition' } } },
    },
    notOf: {
      type: 'object',
      required: ['not'],
      additionalProperties: false,
      properties: { not: { $ref: '#/definitions/condition' } },
    },
    leaf: {
      type: 'object',
      required: ['field', 'op'],
      additionalProperties: false,
      properties: {
        field: {
          type: 'string',
          pattern: `^(${TEXT_FIELDS}|${NUMBER_FIELDS}|tags|custom_fields\\.\\S{1,100}|changes\\.(${CHANGE_FIELDS}))$`,
        },
        op: {
          enum: [
            'equals', 'not_equals', 'in', 'contains_any', 'contains_all', 'starts_with', 'ends_with', 'matches', 'gt', 'lt',
            'is_empty', 'changed', 'increased', 'decreased',
          ],
        },
        value: {
          anyOf: [
            { type: 'string', maxLength: 1000 },
            { type: 'number' },
            { type: 'boolean' },
            { type: 'array', minItems: 1, maxItems: 100, items: { $ref: '#/definitions/listItem' } },
          ],
        },
        from: { $ref: '#/definitions/changeSide' },
        to: { $ref: '#/definitions/changeSide' },
      },
    },
    listItem: { anyOf: [{ type: 'string', maxLength: 1000 }, { type: 'number' }] },
    changeScalar: { anyOf: [{ type: 'string', maxLength: 255 }, { type: 'number' }, { type: 'null' }] },
    changeSide: {
      anyOf: [
        { $ref: '#/definitions/changeScalar' },
        { type: 'array', minItems: 1, maxItems: 100, items: { $ref: '#/definitions/changeScalar' } },
      ],
    },
    actions: {
      type: 'object',
      minProperties: 1,
      additionalProperties: false,
      properties: {
        priority: { type: 'integer', minimum: 1, maximum: 4 },
        urgency: { type: 'integer', minimum: 1, maximum: 3 },
        impact: { type: 'integer', minimum: 1, maximum: 3 },
        status: { type: 'integer', minimum: 2, maximum: 999999 },
        group_id: { $ref: '#/definitions/id' },
        responder_id: { $ref: '#/definitions/id' },
        type: { $ref: '#/definitions/label' },
        category: { $ref: '#/definitions/label' },
        sub_category: { $ref: '#/definitions/label' },
        tags_add: { $ref: '#/definitions/tags' },
        tags_remove: { $ref: '#/definitions/tags' },
        note: { type: 'string', minLength: 1, maxLength: 5120 },
        notify_emails: {
          type: 'array',
          minItems: 1,
          maxItems: 20,
          items: { type: 'string', minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' },
        },
      },
    },
    id: { type: 'integer', minimum: 1, maximum: 9007199254740991 },
    label: { type: 'string', minLength: 1, maxLength: 255 },
    tags: {
      type: 'array',
      minItems: 1,
      maxItems: 20,
      items: { type: 'string', minLength: 1, maxLength: 32, pattern: '\\S' },
    },
  },
} as const;
