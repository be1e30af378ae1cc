import { Injectable } from '@nestjs/common';
import { InternalError, PlanError, SluiceError } from '@sluice/contracts';
import { parseScript, type SqlDialect } from '@sluice/engine';
import { substituteParameters } from './script-parameters';

/**
 * Checks rule and job SQL at deploy time, so a broken script is refused with 422 and a
 * line:column instead of failing later in a runner. Today this is the engine's parser only;
 * it is the single place to switch to a full engine compile (binding table and column names
 * against the registered streams, planning for the runtime mode) once the engine offers one.
 */
@Injectable()
export class SqlValidator {
  /** A rule: Flink SQL, streaming mode, reading the registered streams as tables. */
  validateRule(sql: string): void {
    this.check(sql, 'flink');
  }

  /** A batch job: Spark SQL with `${name}` parameters, which are substituted before checking. */
  validateJob(sql: string, parameters: Readonly<Record<string, string>>): void {
    const script = substituteParameters(sql, parameters);
    try {
      this.check(script.text, 'spark');
    } catch (error) {
      if (error instanceof SluiceError && error.position) {
        throw new SluiceError(error.code, error.message, { position: script.toOriginal(error.position), cause: error });
      }
      throw error;
    }
  }

  private check(sql: string, dialect: SqlDialect): void {
    let statements: unknown[];
    try {
      statements = parseScript(sql, dialect);
    } catch (error) {
      if (error instanceof SluiceError) throw error;
      throw new InternalError(`the ${dialect} parser failed unexpectedly: ${(error as Error).message}`, { cause: error });
    }
    if (statements.length === 0) {
      throw new PlanError('PLAN_INVALID', 'the script holds no SQL statement', { position: { line: 1, column: 1 } });
    }
  }
}
