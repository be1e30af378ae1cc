import type { BufferNode } from '../shared-buffer/buffer-node';
import type { AfterMatchSkipStrategy } from './after-match-skip-strategy';

/** AFTER MATCH SKIP PAST LAST ROW (the default; Flink's SkipPastLastStrategy): no overlapping matches. */
export class SkipPastLastRow implements AfterMatchSkipStrategy {
  nextStart(last: BufferNode): number {
    return last.pos + 1;
  }
}
