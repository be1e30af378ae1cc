import type { SkipSpec } from '../match-spec';
import type { AfterMatchSkipStrategy } from './after-match-skip-strategy';
import { SkipPastLastRow } from './skip-past-last-row';
import { SkipToNextRow } from './skip-to-next-row';
import { SkipToVariable } from './skip-to-variable';

/** The strategy object for an AFTER MATCH SKIP clause. */
export function afterMatchSkip(spec: SkipSpec, variableCount: number): AfterMatchSkipStrategy {
  switch (spec.kind) {
    case 'pastLastRow':
      return new SkipPastLastRow();
    case 'toNextRow':
      return new SkipToNextRow();
    default:
      return new SkipToVariable(spec.kind === 'toFirst', spec.vars, variableCount, spec.name, spec.pos);
  }
}
