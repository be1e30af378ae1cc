import { Inject, Injectable } from '@nestjs/common';
import { InternalError, PlanError, SluiceError, type StreamCatalog } from '@sluice/contracts';
import { parseScript, substituteJobParameters, validateRule, type RuleSummary } from '@sluice/engine';
import { STREAM_CATALOG } from '../app-tokens';
import { RESERVED_PARAMETERS } from './script-parameters';

/**
 * Checks rule and job SQL at deploy time, so a broken script is refused with 422 and a
 * line:column instead of failing later in a runner. Rules go through the engine's full compile
 * against the registered streams (exactly what the CEP runner will run). Jobs are only parsed
 * for now: the engine has no batch-job check in its public API yet; this class is the one
 * place to add it.
 */
@Injectable()
export class SqlValidator {
  constructor(@Inject(STREAM_CATALOG) private readonly catalog: StreamCatalog) {}

  /** A rule: Flink SQL in streaming mode, its tables the streams plus its own sinks. */
  validateRule(sql: string): RuleSummary {
    return withKnownErrors('rule compiler', () => validateRule(sql, this.catalog.streams));
  }

  /** A batch job: Spark SQL with `${name}` parameters, which are substituted before checking. */
  validateJob(sql: string, parameters: Readonly<Record<string, string>>): void {
    const script = substituteJobParameters(sql, { ...RESERVED_PARAMETERS, ...parameters });
    try {
      const statements = withKnownErrors('spark parser', () => parseScript(script.text, 'spark'));
      if (statements.length === 0) {
        throw new PlanError('PLAN_INVALID', 'the script holds no SQL statement', {
          position: { line: 1, column: 1 },
        });
      }
    } catch (error) {
      if (!(error instanceof SluiceError) || !error.position) throw error;
      throw new SluiceError(error.code, error.message, {
        position: script.toOriginal(error.position),
        cause: error,
      });
    }
  }
}

/** SluiceErrors are the user's; anything else escaping the engine is a bug in it. */
function withKnownErrors<T>(what: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof SluiceError) throw error;
    throw new InternalError(`the ${what} failed unexpectedly: ${(error as Error).message}`, { cause: error });
  }
}
