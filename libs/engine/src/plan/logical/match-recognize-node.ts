import type { Schema } from '../../catalog/schema';
import type { MatchRecognizeSpec } from '../../exec/streaming/match-recognize/match-spec';

/**
 * MATCH_RECOGNIZE (SQL:2016 row pattern recognition) over its input. Output: ONE ROW PER MATCH
 * = partition keys then measures (Flink); ALL ROWS PER MATCH = the input row then measures.
 * Append-only in both modes.
 */
export interface MatchRecognizeNode {
  readonly kind: 'matchRecognize';
  readonly input: import('./logical-plan').LogicalPlan;
  readonly spec: MatchRecognizeSpec;
  readonly schema: Schema;
}
