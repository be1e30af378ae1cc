import { PlanError, type SourcePosition } from '@sluice/contracts';

/** Set by the batch runner for every run, so jobs may use them without declaring them. */
export const RESERVED_PARAMETERS: Readonly<Record<string, string>> = {
  run_date: '2000-01-01',
  window_start: '2000-01-01 00:00:00',
  window_end: '2000-01-02 00:00:00',
};

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

interface Substitution {
  readonly line: number;
  /** 1-based columns in the substituted text. */
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

/**
 * Replaces `${name}` placeholders (Spark SQL variable substitution) with values, keeping track
 * of the shifts so errors found in the substituted text point at the script the user wrote.
 * An undeclared placeholder is a PLAN_INVALID error at its position.
 */
export function substituteParameters(sql: string, values: Readonly<Record<string, string>>): SubstitutedScript {
  const substitutions: Substitution[] = [];
  const lines = sql.split('\n').map((line, i) => {
    let delta = 0;
    return line.replace(PLACEHOLDER, (placeholder: string, name: string, offset: number) => {
      const value = values[name] ?? RESERVED_PARAMETERS[name];
      if (value === undefined) {
        throw new PlanError('PLAN_INVALID', `unknown parameter \${${name}}: declare it in the job's parameters`, {
          position: { line: i + 1, column: offset + 1 },
        });
      }
      substitutions.push({ line: i + 1, newStart: offset + 1 + delta, newLength: value.length, delta: value.length - placeholder.length, originalStart: offset + 1 });
      delta += value.length - placeholder.length;
      return value;
    });
  });
  return {
    text: lines.join('\n'),
    toOriginal: ({ line, column }) => {
      let shift = 0;
      for (const s of substitutions) {
        if (s.line !== line || s.newStart > column) continue;
        if (column < s.newStart + s.newLength) return { line, column: s.originalStart };
        shift += s.delta;
      }
      return { line, column: column - shift };
    },
  };
}
