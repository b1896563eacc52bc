/**
 * The ticket filter's query language (reference §4.5):
 *
 *   query    := or
 *   or       := and ("OR" and)*
 *   and      := primary ("AND" primary)*
 *   primary  := "(" or ")" | field op value
 *   op       := ":" (equals) | ":>" (≥) | ":<" (≤)
 *   value    := 'single-quoted string' | number | null | true | false
 *
 * Fields are the documented ones plus the account's number/checkbox/dropdown/date custom fields.
 * Dates are 'yyyy-mm-dd' in UTC and take only `:>` / `:<`, compared by day (a ticket created any
 * time on the 1st matches `created_at:<'…-01'`). `agent_id` is the responder; `email` the
 * requester's; `tag` matches any of the ticket's tags.
 *
 * Decisions where the reference is silent: AND/OR must be upper case (as in every DOC example);
 * string comparison ignores case (Freshservice search does); a number field given a quoted
 * string, or a string field given a number, is an error, not a coercion.
 */
import { utcDay } from './dates.ts';
import type { CustomFieldType, Ticket } from './model.ts';
import { CUSTOM_FIELDS } from './model.ts';

export type Op = ':' | ':>' | ':<';
export type Value = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean } | { kind: 'null' };
export type Query =
  | { kind: 'and' | 'or'; left: Query; right: Query }
  | { kind: 'condition'; field: string; op: Op; value: Value };

type FieldType = 'number' | 'string' | 'date' | 'tag' | 'boolean';

const FIELDS: Readonly<Record<string, FieldType>> = {
  workspace_id: 'number', requester_id: 'number', email: 'string', agent_id: 'number', group_id: 'number',
  priority: 'number', status: 'number', impact: 'number', urgency: 'number', tag: 'tag',
  due_by: 'date', fr_due_by: 'date', created_at: 'date', updated_at: 'date',
};
const CUSTOM_TYPES: Partial<Record<CustomFieldType, FieldType>> = { number: 'number', checkbox: 'boolean', dropdown: 'string', date: 'date' };

export class QueryError extends Error {
  override name = 'QueryError';
}

type Token = { type: 'word' | 'string' | 'number' | 'op' | '(' | ')'; text: string; at: number };

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /(\()|(\))|(:[<>]?)|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)(?!\w)|([A-Za-z_]\w*)/y;
  let at = 0;
  for (;;) {
    while (at < input.length && /\s/.test(input[at] as string)) at += 1;
    if (at >= input.length) return tokens;
    pattern.lastIndex = at;
    const m = pattern.exec(input);
    if (!m) {
      const what = input[at] === "'" ? 'a string that is never closed' : `unexpected '${input[at]}'`;
      throw new QueryError(`Invalid query: ${what} at position ${at + 1}`);
    }
    const token = (type: Token['type'], text: string): number => tokens.push({ type, text, at: at + 1 });
    if (m[1]) token('(', '(');
    else if (m[2]) token(')', ')');
    else if (m[3]) token('op', m[3]);
    else if (m[4] !== undefined) token('string', m[4].replace(/\\(.)/g, '$1'));
    else if (m[5]) token('number', m[5]);
    else token('word', m[6] as string);
    at = pattern.lastIndex;
  }
}

/** Parses the text between the double quotes; throws QueryError with a message naming the problem. */
export function parseQuery(input: string): Query {
  const tokens = tokenize(input);
  if (tokens.length === 0) throw new QueryError('Invalid query: it is empty');
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const describe = (t: Token | undefined): string => (t ? `'${t.text}' at position ${t.at}` : 'the end of the query');

  const or = (): Query => {
    let left = and();
    while (peek()?.type === 'word' && peek()?.text === 'OR') {
      i += 1;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const and = (): Query => {
    let left = primary();
    while (peek()?.type === 'word' && peek()?.text === 'AND') {
      i += 1;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const primary = (): Query => {
    const t = tokens[i++];
    if (t?.type === '(') {
      const inner = or();
      if (peek()?.type !== ')') throw new QueryError(`Invalid query: expected ')' but found ${describe(peek())}`);
      i += 1;
      return inner;
    }
    if (t?.type !== 'word') throw new QueryError(`Invalid query: expected a field name but found ${describe(t)}`);
    const op = tokens[i++];
    if (op?.type !== 'op') throw new QueryError(`Invalid query: expected ':', ':>' or ':<' after '${t.text}' but found ${describe(op)}`);
    return condition(t.text, op.text as Op, value(tokens[i++], t.text));
  };
  const value = (t: Token | undefined, field: string): Value => {
    if (t?.type === 'string') return { kind: 'string', value: t.text };
    if (t?.type === 'number') return { kind: 'number', value: Number(t.text) };
    if (t?.type === 'word' && t.text === 'null') return { kind: 'null' };
    if (t?.type === 'word' && (t.text === 'true' || t.text === 'false')) return { kind: 'boolean', value: t.text === 'true' };
    throw new QueryError(`Invalid query: expected a value for '${field}' but found ${describe(t)}`);
  };

  const query = or();
  if (i < tokens.length) throw new QueryError(`Invalid query: expected AND or OR but found ${describe(peek())}`);
  return query;
}

function fieldType(field: string): FieldType {
  const known = Object.hasOwn(FIELDS, field) ? FIELDS[field] : undefined;
  if (known) return known;
  const custom = CUSTOM_FIELDS.find((d) => d.name === field);
  const type = custom ? CUSTOM_TYPES[custom.type] : undefined;
  if (!type) throw new QueryError(`Invalid query: '${field}' is not a field the ticket filter supports`);
  return type;
}

function condition(field: string, op: Op, value: Value): Query {
  const type = fieldType(field);
  const expects = (ok: boolean, what: string): void => {
    if (!ok) throw new QueryError(`Invalid query: '${field}' expects ${what}`);
  };
  if (type === 'date') {
    expects(op !== ':', "':>' or ':<' (dates cannot be compared for equality)");
    expects(value.kind === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.value) && !Number.isNaN(Date.parse(value.value)), "a date in the form 'yyyy-mm-dd'");
  } else if (type === 'number') {
    expects(value.kind === 'number' || (value.kind === 'null' && op === ':'), 'a number');
  } else {
    expects(op === ':', "':' (only numbers and dates take ':>' and ':<')");
    expects(value.kind === (type === 'boolean' ? 'boolean' : 'string') || value.kind === 'null', type === 'boolean' ? 'true or false' : 'a quoted string');
  }
  return { kind: 'condition', field, op, value };
}

/** What a condition reads from a ticket besides its own fields. */
export interface QueryContext {
  requesterEmail(ticket: Ticket): string | undefined;
}

export function matches(query: Query, t: Ticket, ctx: QueryContext): boolean {
  if (query.kind !== 'condition') {
    return query.kind === 'and' ? matches(query.left, t, ctx) && matches(query.right, t, ctx) : matches(query.left, t, ctx) || matches(query.right, t, ctx);
  }
  const { field, op, value } = query;
  if (field === 'tag') return value.kind === 'null' ? t.tags.length === 0 : t.tags.some((tag) => tag.toLowerCase() === String(valueOf(value)).toLowerCase());
  const actual = read(field, t, ctx);
  if (value.kind === 'null') return actual === null || actual === undefined;
  if (actual === null || actual === undefined) return false;
  if (fieldType(field) === 'date') {
    const day = utcDay(typeof actual === 'number' ? actual : Date.parse(String(actual)));
    return op === ':>' ? day >= value.value : day <= (value as { value: string }).value;
  }
  const wanted = valueOf(value);
  if (op === ':>') return (actual as number) >= (wanted as number);
  if (op === ':<') return (actual as number) <= (wanted as number);
  return typeof actual === 'string' && typeof wanted === 'string' ? actual.toLowerCase() === wanted.toLowerCase() : actual === wanted;
}

function valueOf(value: Value): string | number | boolean | null {
  return value.kind === 'null' ? null : value.value;
}

function read(field: string, t: Ticket, ctx: QueryContext): unknown {
  switch (field) {
    case 'agent_id':
      return t.responder_id;
    case 'email':
      return ctx.requesterEmail(t);
    default:
      return Object.hasOwn(FIELDS, field) ? t[field as keyof Ticket] : t.custom_fields[field];
  }
}
