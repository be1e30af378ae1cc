import type { MaterializedMatch } from '../shared-buffer/buffer-node';

/**
 * Where pattern matching resumes after a non-empty match (Flink's AfterMatchSkipStrategy, one
 * class per mode as in flink-cep's nfa/aftermatch). After an empty match matching always resumes
 * at the next row (SQL:2016), so strategies only see non-empty matches.
 */
export interface AfterMatchSkipStrategy {
  /** Position of the row the next match may start at, given a match that starts at `start`. */
  nextStart(match: MaterializedMatch, start: number): number;
}
