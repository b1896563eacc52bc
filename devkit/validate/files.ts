/** Reading the app's files with errors that say which file and where. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Findings } from './findings.ts';

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Parses a JSON file, reporting a missing file or a syntax error with its position. */
export function readJson(appDir: string, file: string, findings: Findings, missing?: string): unknown {
  const path = resolve(appDir, file);
  if (!existsSync(path)) {
    if (missing !== undefined) findings.error(file, missing);
    return undefined;
  }
  const text = readFileSync(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = (error as Error).message;
    const at = /position (\d+)/.exec(detail);
    const pos = at?.[1] === undefined ? undefined : lineColumn(text, Number(at[1]));
    const place = pos === undefined ? '' : ` at line ${pos.line}, column ${pos.column}`;
    findings.error(file, `is not valid JSON${place}: ${detail.replace(/ in JSON at position \d+.*$/, '')}. Fix the syntax and run validate again.`, pos?.line);
    return undefined;
  }
}

export function readText(appDir: string, file: string): string | undefined {
  const path = resolve(appDir, file);
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}
