import type { MaterializedMatch } from '../shared-buffer/buffer-node';
import type { AfterMatchSkipStrategy } from './after-match-skip-strategy';

/** AFTER MATCH SKIP PAST LAST ROW (the default; Flink's SkipPastLastStrategy): no overlapping matches. */
export class SkipPastLastRow implements AfterMatchSkipStrategy {
  nextStart(match: MaterializedMatch): number {
    return match.positions[match.length - 1] + 1;
  }
}
