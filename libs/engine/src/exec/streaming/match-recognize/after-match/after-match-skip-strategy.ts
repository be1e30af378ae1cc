import type { BufferNode, MatchBuffer } from '../shared-buffer/buffer-node';

/**
 * Where pattern matching resumes after a non-empty match (Flink's AfterMatchSkipStrategy, one
 * class per mode as in flink-cep's nfa/aftermatch). After an empty match matching always resumes
 * at the next row (SQL:2016), so strategies only see non-empty matches.
 */
export interface AfterMatchSkipStrategy {
  /**
   * Position of the row the next match may start at, given the last node of a match that
   * starts at `start`; `scratch` is there to materialize the match when the mode needs it.
   */
  nextStart(last: BufferNode, start: number, scratch: MatchBuffer): number;
}
