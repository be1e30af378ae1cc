import type { SqlType } from '../../types/sql-type';

export type Dialect = 'flink' | 'spark';

/** What a function implementation may know about the session (no I/O, no globals). */
export interface FunctionContext {
  readonly dialect: Dialect;
  /** IANA zone of the session (Flink `table.local-time-zone`, Spark `spark.sql.session.timeZone`). */
  readonly timeZone: string;
  /** Epoch ms fixed once per query, so CURRENT_TIMESTAMP is stable within a statement. */
  readonly queryStartMs: number;
  /**
   * Spark's spark.sql.ansi.enabled (default false): overflow, invalid casts and division by zero
   * raise errors instead of wrapping or returning NULL. Ignored by the Flink dialect.
   */
  readonly ansi?: boolean;
}

/**
 * A scalar function resolved for concrete argument types. The planner inserts casts so that
 * argument i has type `argTypes[i]` (when given) before `impl` is called.
 */
export interface ResolvedFunction {
  readonly returnType: SqlType;
  readonly argTypes?: readonly SqlType[];
  /**
   * 'strict' (default): the call is NULL when any argument is NULL, and impl only sees non-null
   * values. 'custom': impl receives nulls and decides itself (COALESCE, CONCAT_WS, NVL, ...).
   */
  readonly nulls?: 'strict' | 'custom';
  /** False for CURRENT_TIMESTAMP-like functions that must not be constant-folded. */
  readonly deterministic?: boolean;
  /** Must return a value of returnType's representation (see types/sql-type.ts), or null. */
  readonly impl: (...args: unknown[]) => unknown;
}

/** Thrown by resolve() to explain a wrong call; the planner adds the SQL position. */
export class FunctionArgumentError extends Error {}

export interface ScalarFunctionSpec {
  /** Upper-case name; aliases are registered as separate entries pointing to the same resolve. */
  readonly name: string;
  /** Dialects that have this function; undefined = both. */
  readonly dialects?: readonly Dialect[];
  /**
   * Chooses result type and implementation for the argument types, or throws
   * FunctionArgumentError with a message such as "SUBSTRING expects (STRING, INT[, INT]), got (INT)".
   * `literals[i]` holds the value of argument i when it is a literal (e.g. a format pattern or
   * a time unit keyword), so implementations can precompile it.
   */
  resolve(args: readonly SqlType[], ctx: FunctionContext, literals: readonly unknown[]): ResolvedFunction;
}
