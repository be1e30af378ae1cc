import { PlanError, type SourcePosition } from '@sluice/contracts';

/**
 * `${name}` substitution for checking job SQL at deploy time, with the batch runner's semantics
 * (libs/engine session/job-parameters.ts, not exported yet; replace this file with the engine's
 * `substituteJobParameters` once it is): a value always becomes a literal. Inside a quoted
 * string it is escaped for that string; outside quotes it becomes a string literal, or a number
 * when it is one; placeholders in comments are left alone. Positions map back to the script as
 * written, so errors point at what the user typed.
 */

/** Set by the batch runner for every run, so jobs may use them without declaring them. */
export const RESERVED_PARAMETERS: Readonly<Record<string, string>> = {
  run_date: '2000-01-01',
  window_start: '2000-01-01 00:00:00',
  window_end: '2000-01-02 00:00:00',
};

type Context = 'code' | "'" | '"' | '`' | 'line-comment' | 'block-comment';

const PLACEHOLDER = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/;
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

interface Substitution {
  readonly line: number;
  /** 1-based column of the inserted text in the substituted script. */
  readonly newStart: number;
  readonly newLength: number;
  readonly delta: number;
  readonly originalStart: number;
}

export interface SubstitutedScript {
  readonly text: string;
  /** Maps a position in `text` back to the script as written (inside a value: the placeholder). */
  toOriginal(position: SourcePosition): SourcePosition;
}

/** An undeclared placeholder is a PLAN_INVALID error at its position. */
export function substituteParameters(
  sql: string,
  values: Readonly<Record<string, string>>,
): SubstitutedScript {
  const substitutions: Substitution[] = [];
  const lines = sql.split('\n');
  let context: Context = 'code';
  const out = lines.map((text, lineIndex) => {
    let result = '';
    for (let i = 0; i < text.length;) {
      const placeholder =
        context === 'line-comment' || context === 'block-comment' ? null : PLACEHOLDER.exec(text.slice(i));
      if (placeholder) {
        const position = { line: lineIndex + 1, column: i + 1 };
        const literal = literalFor(placeholder[1]!, values, context, position);
        substitutions.push({
          line: position.line,
          newStart: result.length + 1,
          newLength: literal.length,
          delta: literal.length - placeholder[0].length,
          originalStart: position.column,
        });
        result += literal;
        i += placeholder[0].length;
        continue;
      }
      const step = scan(context, text[i]!, text[i + 1]);
      context = step.context;
      result += text.slice(i, i + step.length);
      i += step.length;
    }
    if (context === 'line-comment') context = 'code';
    return result;
  });
  return { text: out.join('\n'), toOriginal: (position) => toOriginal(substitutions, position) };
}

/** One lexical step: quotes with doubled-quote and backslash escapes, comments (as Spark lexes). */
function scan(context: Context, c: string, next: string | undefined): { context: Context; length: number } {
  switch (context) {
    case 'code':
      if (c === "'" || c === '"' || c === '`') return { context: c, length: 1 };
      if (c === '-' && next === '-') return { context: 'line-comment', length: 2 };
      if (c === '/' && next === '*') return { context: 'block-comment', length: 2 };
      return { context, length: 1 };
    case 'line-comment':
      return { context, length: 1 };
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
  values: Readonly<Record<string, string>>,
  context: Context,
  position: SourcePosition,
): string {
  const value = values[name] ?? RESERVED_PARAMETERS[name];
  if (value === undefined) {
    throw new PlanError('PLAN_INVALID', `unknown parameter \${${name}}: declare it in the job's parameters`, {
      position,
    });
  }
  if (context === "'" || context === '"')
    return value
      .replace(/\\/g, '\\\\')
      .split(context)
      .join(context + context);
  if (context === '`') return value.replace(/`/g, '``');
  return NUMBER.test(value) ? value : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

function toOriginal(
  substitutions: readonly Substitution[],
  { line, column }: SourcePosition,
): SourcePosition {
  let shift = 0;
  for (const s of substitutions) {
    if (s.line !== line || s.newStart > column) continue;
    if (column < s.newStart + s.newLength) return { line, column: s.originalStart };
    shift += s.delta;
  }
  return { line, column: column - shift };
}
