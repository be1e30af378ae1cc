import { PlanError, type SourcePosition } from '@sluice/contracts';

/** Parameters every batch run sets; a script may use them without declaring them. */
export const RUN_PARAMETER_NAMES = ['run_date', 'window_start', 'window_end'] as const;

/** A script after `${name}` substitution, with the way back to positions in the script as written. */
export interface SubstitutedSql {
  readonly text: string;
  /** Maps a position in `text` to the script as written (inside a substituted value: the placeholder). */
  toOriginal(position: SourcePosition): SourcePosition;
}

interface Replacement {
  readonly line: number;
  /** 1-based columns of the inserted text in the substituted script. */
  readonly newStart: number;
  readonly newLength: number;
  readonly originalStart: number;
  readonly delta: number;
}

type Context = 'code' | "'" | '"' | '`' | 'line-comment' | 'block-comment';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Spark-style `${name}` substitution that cannot change the statement's structure: a value is
 * always a SQL literal. Inside a quoted string it is escaped for that string ('it''s' stays one
 * literal); outside quotes it becomes a string literal, or a number when it is one (so
 * `DATE ${run_date}` and `LIMIT ${n}` both work, and `x = ${v}` with v = "1 OR 1=1" compares
 * with the string '1 OR 1=1'). Placeholders in comments are left alone. A placeholder without
 * a value is PLAN_INVALID at its position; values may not hold line breaks.
 */
export function substituteJobParameters(
  sql: string,
  values: Readonly<Record<string, string>>,
): SubstitutedSql {
  const replacements: Replacement[] = [];
  let out = '';
  let context: Context = 'code';
  let line = 1;
  let lineStart = 0;
  let outLineStart = 0;
  const copy = (from: number, length: number): void => {
    for (let k = from; k < from + length && k < sql.length; k++) {
      if (sql[k] === '\n') {
        line++;
        lineStart = k + 1;
        outLineStart = out.length + 1;
      }
      out += sql[k];
    }
  };
  for (let i = 0; i < sql.length;) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '$' && next === '{' && context !== 'line-comment' && context !== 'block-comment') {
      const close = sql.indexOf('}', i + 2);
      const name = close < 0 ? '' : sql.slice(i + 2, close);
      if (NAME.test(name)) {
        const position = { line, column: i - lineStart + 1 };
        const text = literalFor(name, values[name], context, position);
        replacements.push({
          line,
          newStart: out.length - outLineStart + 1,
          newLength: text.length,
          originalStart: position.column,
          delta: text.length - (close + 1 - i),
        });
        out += text;
        i = close + 1;
        continue;
      }
    }
    const step = scan(context, c, next);
    context = step.context;
    copy(i, step.length);
    i += step.length;
  }
  return { text: out, toOriginal: (position) => toOriginal(replacements, position) };
}

/** One lexical step, mirroring the Spark lexer: quotes with doubled-quote and backslash escapes, comments. */
function scan(context: Context, c: string, next: string | undefined): { context: Context; length: number } {
  switch (context) {
    case 'code':
      if (c === "'" || c === '"' || c === '`') return { context: c, length: 1 };
      if (c === '-' && next === '-') return { context: 'line-comment', length: 2 };
      if (c === '/' && next === '*') return { context: 'block-comment', length: 2 };
      return { context, length: 1 };
    case 'line-comment':
      return { context: c === '\n' ? 'code' : context, length: 1 };
    case 'block-comment':
      return c === '*' && next === '/' ? { context: 'code', length: 2 } : { context, length: 1 };
    default:
      if (c === '\\' && context !== '`' && next !== undefined) return { context, length: 2 };
      if (c === context) return next === context ? { context, length: 2 } : { context: 'code', length: 1 };
      return { context, length: 1 };
  }
}

function literalFor(
  name: string,
  value: string | undefined,
  context: Context,
  position: SourcePosition,
): string {
  if (value === undefined)
    throw new PlanError('PLAN_INVALID', `unknown parameter \${${name}}: declare it in the job's parameters`, {
      position,
    });
  if (/[\r\n]/.test(value))
    throw new PlanError(
      'PLAN_INVALID',
      `parameter \${${name}} holds a line break, which a SQL literal here cannot`,
      { position },
    );
  switch (context) {
    case "'":
    case '"':
      return escapeForString(value, context);
    case '`':
      return value.replace(/`/g, '``');
    default:
      return NUMBER.test(value) ? value : `'${escapeForString(value, "'")}'`;
  }
}

/** Spark string literals know backslash escapes and doubled quotes: escape both. */
function escapeForString(value: string, quote: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .split(quote)
    .join(quote + quote);
}

function toOriginal(replacements: readonly Replacement[], { line, column }: SourcePosition): SourcePosition {
  let shift = 0;
  for (const r of replacements) {
    if (r.line !== line || r.newStart > column) continue;
    if (column < r.newStart + r.newLength) return { line, column: r.originalStart };
    shift += r.delta;
  }
  return { line, column: column - shift };
}
