import { ExecutionError, type SourcePosition } from '@sluice/contracts';
import type { BufferNode, MatchBuffer } from '../shared-buffer/buffer-node';
import type { AfterMatchSkipStrategy } from './after-match-skip-strategy';

/**
 * AFTER MATCH SKIP TO FIRST / LAST var (Flink's SkipToFirstStrategy / SkipToLastStrategy). The
 * standard makes it an exception to resume at the first row of the same match (it would find the
 * same match forever) or at a variable no row was mapped to (SQL:2016; Flink's throwExceptionOnMiss).
 */
export class SkipToVariable implements AfterMatchSkipStrategy {
  private readonly members: Uint8Array;

  constructor(
    private readonly first: boolean,
    vars: readonly number[],
    variableCount: number,
    private readonly name: string,
    private readonly pos?: SourcePosition,
  ) {
    this.members = new Uint8Array(variableCount);
    for (const v of vars) this.members[v] = 1;
  }

  nextStart(last: BufferNode, start: number, scratch: MatchBuffer): number {
    const match = scratch.fill(last);
    const { positions, variables } = match;
    let target = -1;
    for (let i = 0; i < match.length; i++) {
      if (this.members[variables[i]] !== 1) continue;
      target = positions[i];
      if (this.first) break;
    }
    const clause = `AFTER MATCH SKIP TO ${this.first ? 'FIRST' : 'LAST'} ${this.name}`;
    if (target < 0) throw new ExecutionError('EXECUTION_FAILED', `${clause}: no row of the match is mapped to ${this.name}`, { position: this.pos });
    if (target === start)
      throw new ExecutionError('EXECUTION_FAILED', `${clause} would resume at the first row of the match it just found (an endless loop)`, { position: this.pos });
    return target;
  }
}
