/**
 * What a validation check found, and how the report prints it. The layout follows `fdk validate`:
 * platform errors, lint errors, warnings, each as `✖ file::line: message`, then a summary box.
 */
export type Severity = 'error' | 'warning';
export type FindingKind = 'platform' | 'lint';

export interface Finding {
  severity: Severity;
  kind: FindingKind;
  /** Path relative to the app root. */
  file: string;
  line?: number;
  message: string;
  /** Lint rule id, for lint findings. */
  rule?: string;
}

export class Findings {
  readonly list: Finding[] = [];

  error(file: string, message: string, line?: number): void {
    this.list.push(line === undefined ? { severity: 'error', kind: 'platform', file, message } : { severity: 'error', kind: 'platform', file, message, line });
  }

  warn(file: string, message: string, line?: number): void {
    this.list.push(line === undefined ? { severity: 'warning', kind: 'platform', file, message } : { severity: 'warning', kind: 'platform', file, message, line });
  }

  add(finding: Finding): void {
    this.list.push(finding);
  }

  get errors(): Finding[] {
    return this.list.filter((f) => f.severity === 'error');
  }
}

function where(f: Finding): string {
  return f.line === undefined ? f.file : `${f.file}::${f.line}`;
}

function section(title: string, items: Finding[], mark: string): string[] {
  if (items.length === 0) return [];
  return [title, ...items.map((f) => `  ${mark} ${where(f)}: ${f.message}${f.rule ? ` (${f.rule})` : ''}`), ''];
}

export function formatReport(findings: readonly Finding[]): string {
  const platform = findings.filter((f) => f.severity === 'error' && f.kind === 'platform');
  const lint = findings.filter((f) => f.severity === 'error' && f.kind === 'lint');
  const warnings = findings.filter((f) => f.severity === 'warning');
  const rows = [
    'Validation Summary',
    `Total Platform Errors: ${platform.length}`,
    `Total Lint Errors: ${lint.length}`,
    `Total Warnings: ${warnings.length}`,
  ];
  const width = Math.max(...rows.map((r) => r.length)) + 2;
  const box = [`┌${'─'.repeat(width)}┐`, ...rows.map((r) => `│ ${r.padEnd(width - 1)}│`), `└${'─'.repeat(width)}┘`];
  const verdict = platform.length + lint.length === 0 ? '✔ Validation Successful' : '✖ Validation Failed';
  return [
    ...section('Platform errors:', platform, '✖'),
    ...section('Lint errors:', lint, '✖'),
    ...section('Please ensure that the following are addressed:', warnings, '⚠'),
    ...box,
    verdict,
  ].join('\n');
}
