import { SluiceError } from '@sluice/contracts';
import { describe, expect, it } from 'vitest';
import { substituteJobParameters } from './job-parameters';

function errorOf(run: () => unknown): SluiceError {
  try {
    run();
  } catch (error) {
    return error as SluiceError;
  }
  throw new Error('expected an error');
}

describe(substituteJobParameters.name, () => {
  it('inserts a value inside a string literal escaped for that literal', () => {
    const { text } = substituteJobParameters(
      "SELECT * FROM t WHERE d = DATE '${run_date}' AND name = '${who}'",
      { run_date: '2024-03-01', who: "O'Brien \\ co" },
    );
    expect(text).toBe("SELECT * FROM t WHERE d = DATE '2024-03-01' AND name = 'O''Brien \\\\ co'");
  });

  it('turns a value outside quotes into a string literal, or a number when it is one', () => {
    const { text } = substituteJobParameters('SELECT * FROM t WHERE d = DATE ${d} AND x = ${v} LIMIT ${n}', {
      d: '2024-03-01',
      v: "1 OR 1=1 --'",
      n: '5',
    });
    expect(text).toBe("SELECT * FROM t WHERE d = DATE '2024-03-01' AND x = '1 OR 1=1 --''' LIMIT 5");
  });

  it('leaves placeholders in comments alone and tracks quotes across escapes', () => {
    const sql = "SELECT 'it''s ${a}', \"q\\\" ${a}\" -- ${nope}\n/* ${nope} */ FROM t";
    expect(substituteJobParameters(sql, { a: 'x' }).text).toBe(
      "SELECT 'it''s x', \"q\\\" x\" -- ${nope}\n/* ${nope} */ FROM t",
    );
  });

  it('refuses an unknown placeholder at its position and values with line breaks', () => {
    const unknown = errorOf(() => substituteJobParameters('SELECT 1\nWHERE ${nope}', {}));
    expect([unknown.code, unknown.position]).toEqual(['PLAN_INVALID', { line: 2, column: 7 }]);
    expect(errorOf(() => substituteJobParameters('SELECT ${a}', { a: 'x\ny' })).message).toMatch(
      /line break/,
    );
  });

  it('maps positions back to the script as written', () => {
    const script = substituteJobParameters("SELECT ${x} + 1,\n  '${y}' AS y FROM t", {
      x: 'abcdef',
      y: '12',
    });
    expect(script.text).toBe("SELECT 'abcdef' + 1,\n  '12' AS y FROM t");
    expect(script.toOriginal({ line: 1, column: 10 })).toEqual({ line: 1, column: 8 });
    expect(script.toOriginal({ line: 1, column: 17 })).toEqual({ line: 1, column: 13 });
    expect(script.toOriginal({ line: 2, column: 8 })).toEqual({ line: 2, column: 10 });
  });
});
