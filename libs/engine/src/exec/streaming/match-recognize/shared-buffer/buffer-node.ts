/**
 * One mapped row of a partial match: the shared, versioned match buffer of Flink's CEP
 * (SharedBuffer / SharedBufferNode, after SASE). Rows themselves are stored once per partition
 * (PartitionRows, Flink's EventId -> event map); a node only points at a row position and at the
 * node of the previous mapped row. Partial matches that agree on a prefix share its nodes, so a
 * node is a version of the match history and forking a run costs one node, not a copy. Nodes no
 * partial match can reach are garbage and go away with it (Flink releases them by ref counts).
 */
export class BufferNode {
  constructor(
    readonly pos: number,
    readonly variable: number,
    readonly excluded: boolean,
    readonly prev: BufferNode | null,
    /** Rows in the match up to and including this one. */
    readonly length: number,
  ) {}
}

/**
 * Appends the row at `pos` after `prev`, in a match that starts at `start`. Matches are
 * contiguous, so the length follows from the positions without reading `prev` (which is
 * usually not in cache: its partition last saw a row thousands of rows ago).
 */
export function extend(prev: BufferNode | null, start: number, pos: number, variable: number, excluded: boolean): BufferNode {
  return new BufferNode(pos, variable, excluded, prev, pos - start + 1);
}

/** A match as arrays in row order (the first `length` entries): what measures and output rows read. */
export interface MaterializedMatch {
  readonly positions: Int32Array;
  readonly variables: Int32Array;
  readonly excluded: Uint8Array;
  readonly length: number;
}

/**
 * Reusable arrays a decided match is copied into before its output is computed: one per
 * compiled program, so deciding a match allocates nothing. Scratch space, never state.
 */
export class MatchBuffer implements MaterializedMatch {
  positions = new Int32Array(16);
  variables = new Int32Array(16);
  excluded = new Uint8Array(16);
  length = 0;

  fill(last: BufferNode | null): this {
    const n = last ? last.length : 0;
    if (n > this.positions.length) {
      const size = Math.max(n, this.positions.length * 2);
      this.positions = new Int32Array(size);
      this.variables = new Int32Array(size);
      this.excluded = new Uint8Array(size);
    }
    for (let node = last, i = n - 1; node !== null; node = node.prev, i--) {
      this.positions[i] = node.pos;
      this.variables[i] = node.variable;
      this.excluded[i] = node.excluded ? 1 : 0;
    }
    this.length = n;
    return this;
  }
}

export const EMPTY_MATCH: MaterializedMatch = new MatchBuffer();
