import type { AfterMatchSkipStrategy } from './after-match-skip-strategy';

/** AFTER MATCH SKIP TO NEXT ROW (Flink's SkipToNextStrategy): the row after the match's first row. */
export class SkipToNextRow implements AfterMatchSkipStrategy {
  nextStart(_match: unknown, start: number): number {
    return start + 1;
  }
}
