/**
 * Per-group state of one aggregate. `add` folds a non-filtered input value in (NULL inputs are
 * passed too; each aggregate decides, e.g. COUNT(x) skips them). `retract` undoes an `add`
 * for streaming changelogs; `merge` combines partial results (batch runner map/reduce).
 * `snapshot` returns JSON-safe state (bigint/Decimal encoded by the state codec) for checkpoints.
 */
export interface Accumulator {
  add(value: unknown): void;
  retract(value: unknown): void;
  merge(other: Accumulator): void;
  result(): unknown;
  snapshot(): unknown;
  restore(state: unknown): void;
  /** True while no value has been added (or all were retracted): lets changelogs emit -D. */
  isEmpty(): boolean;
}

export type AccumulatorFactory = () => Accumulator;
