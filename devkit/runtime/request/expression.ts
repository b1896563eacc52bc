/**
 * The expression language inside `<%= … %>` of request templates, evaluated without `eval`.
 * What real templates use (fdk-platform.md §3.2): member paths (`iparam.api_key`,
 * `current_host.endpoint_urls.freshservice`, `context['x']`), string and number literals, `+`,
 * parentheses and `encode(expr)` (Base64 of the UTF-8 string). Anything else is a syntax error.
 *
 * `undefined`/`null` render as the empty string, also as an operand of `+` (so
 * `encode(iparam.k + ':X')` with no `k` encodes `':X'`); the platform's handling of missing
 * values is not documented.
 */

export type Expr =
  | { type: 'literal'; value: string | number }
  | { type: 'path'; root: string; keys: string[] }
  | { type: 'encode'; arg: Expr }
  | { type: 'add'; left: Expr; right: Expr };

export class ExpressionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

type Token = { kind: 'ident' | 'string' | 'number' | 'punct'; text: string; value?: string | number };

const TOKEN = /\s*(?:([A-Za-z_$][\w$]*)|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(\d+(?:\.\d+)?)|([.+()[\]]))/y;

function unescape(text: string): string {
  return text.replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r' })[c] ?? c);
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    const start = TOKEN.lastIndex;
    const m = TOKEN.exec(source);
    if (m === null) {
      if (source.slice(start).trim() === '') break;
      throw new ExpressionError(`unexpected '${source.slice(start).trim().slice(0, 10)}' at position ${start}`);
    }
    if (m[1] !== undefined) tokens.push({ kind: 'ident', text: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) tokens.push({ kind: 'string', text: m[0].trim(), value: unescape(m[2] ?? m[3] ?? '') });
    else if (m[4] !== undefined) tokens.push({ kind: 'number', text: m[4], value: Number(m[4]) });
    else tokens.push({ kind: 'punct', text: m[5] ?? '' });
  }
  return tokens;
}

class Parser {
  #pos = 0;
  constructor(readonly tokens: Token[]) {}

  parse(): Expr {
    const expr = this.#sum();
    if (this.#pos < this.tokens.length) throw new ExpressionError(`unexpected '${this.tokens[this.#pos]?.text}'`);
    return expr;
  }

  #peek(): Token | undefined {
    return this.tokens[this.#pos];
  }

  #expect(text: string): void {
    const t = this.tokens[this.#pos++];
    if (t?.text !== text) throw new ExpressionError(`expected '${text}' but found ${t === undefined ? 'the end' : `'${t.text}'`}`);
  }

  #sum(): Expr {
    let left = this.#term();
    while (this.#peek()?.text === '+') {
      this.#pos++;
      left = { type: 'add', left, right: this.#term() };
    }
    return left;
  }

  #term(): Expr {
    const t = this.tokens[this.#pos++];
    if (t === undefined) throw new ExpressionError('unexpected end of expression');
    if (t.kind === 'string' || t.kind === 'number') return { type: 'literal', value: t.value ?? '' };
    if (t.text === '(') {
      const inner = this.#sum();
      this.#expect(')');
      return inner;
    }
    if (t.kind !== 'ident') throw new ExpressionError(`unexpected '${t.text}'`);
    if (this.#peek()?.text === '(') {
      if (t.text !== 'encode') throw new ExpressionError(`unknown function '${t.text}()'; only encode() is available`);
      this.#pos++;
      const arg = this.#sum();
      this.#expect(')');
      return { type: 'encode', arg };
    }
    const keys = this.#keys();
    if (this.#peek()?.text === '(') throw new ExpressionError(`unknown function '${[t.text, ...keys].join('.')}()'; only encode() is available`);
    return { type: 'path', root: t.text, keys };
  }

  #keys(): string[] {
    const keys: string[] = [];
    for (;;) {
      const t = this.#peek();
      if (t?.text === '.') {
        this.#pos++;
        const name = this.tokens[this.#pos++];
        if (name?.kind !== 'ident') throw new ExpressionError(`expected a property name after '.'`);
        keys.push(name.text);
      } else if (t?.text === '[') {
        this.#pos++;
        const key = this.tokens[this.#pos++];
        if (key?.kind !== 'string' && key?.kind !== 'number') throw new ExpressionError(`expected a string or number inside [ ]`);
        keys.push(String(key.value));
        this.#expect(']');
      } else {
        return keys;
      }
    }
  }
}

export function parseExpression(source: string): Expr {
  return new Parser(tokenize(source)).parse();
}

/** Every variable path an expression reads, e.g. `encode(iparam.api_key + ':X')` → iparam.api_key. */
export function references(expr: Expr): Array<{ root: string; keys: string[] }> {
  switch (expr.type) {
    case 'literal':
      return [];
    case 'path':
      return [{ root: expr.root, keys: expr.keys }];
    case 'encode':
      return references(expr.arg);
    case 'add':
      return [...references(expr.left), ...references(expr.right)];
  }
}

function lookup(scope: Record<string, unknown>, root: string, keys: string[]): unknown {
  let value: unknown = Object.hasOwn(scope, root) ? scope[root] : undefined;
  for (const key of keys) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** Renders a value as template text: undefined/null → '', objects → JSON, the rest → String. */
export function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function evaluate(expr: Expr, scope: Record<string, unknown>): unknown {
  switch (expr.type) {
    case 'literal':
      return expr.value;
    case 'path':
      return lookup(scope, expr.root, expr.keys);
    case 'encode':
      return Buffer.from(asText(evaluate(expr.arg, scope)), 'utf8').toString('base64');
    case 'add': {
      const left = evaluate(expr.left, scope);
      const right = evaluate(expr.right, scope);
      if (typeof left === 'number' && typeof right === 'number') return left + right;
      return asText(left) + asText(right);
    }
  }
}
