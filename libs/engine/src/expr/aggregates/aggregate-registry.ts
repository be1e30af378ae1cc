import { T, isApproximate, isIntegral, type SqlType } from '../../types/sql-type';
import { comparatorFor, groupKeyOf } from '../../types/values';
import type { Dialect } from '../functions/function-spec';
import type { AccumulatorFactory } from './accumulator';
import { AvgAccumulator, type AvgResult } from './avg';
import { CountAccumulator } from './count';
import { DistinctAccumulator } from './distinct';
import { MinMaxAccumulator } from './min-max';
import { BigIntSumAccumulator, DecimalSumAccumulator, NumberSumAccumulator } from './sum';
import { BoolAccumulator, CollectAccumulator, FirstLastAccumulator } from './value-aggregates';
import { SumOfSquaresVarianceAccumulator, VarianceAccumulator, type VarianceKind } from './variance';
import type { GroupsAccumulator } from './groups-accumulator';
import { CountGroups, MinMaxGroups, NumberAvgGroups, NumberSumGroups } from './numeric-groups-accumulators';

export interface ResolvedAggregate {
  readonly returnType: SqlType;
  /** Types the planner casts the arguments to before they reach the accumulator. */
  readonly argTypes: readonly SqlType[];
  readonly create: AccumulatorFactory;
  /** Columnar batch state (batch hash aggregate); absent: one `create()` accumulator per group. */
  readonly createGroups?: () => GroupsAccumulator;
}

export interface AggregateOptions {
  readonly dialect: Dialect;
  readonly distinct: boolean;
  readonly ignoreNulls: boolean;
  /** Constant second argument (LISTAGG separator). */
  readonly literalArgs: readonly unknown[];
}

const ALIASES: Record<string, string> = {
  STDDEV: 'STDDEV_SAMP',
  STD: 'STDDEV_SAMP',
  VARIANCE: 'VAR_SAMP',
  EVERY: 'BOOL_AND',
  ANY: 'BOOL_OR',
  SOME: 'BOOL_OR',
  FIRST: 'FIRST_VALUE',
  LAST: 'LAST_VALUE',
  APPROX_COUNT_DISTINCT: 'COUNT_DISTINCT_APPROX',
  ARRAY_AGG: 'COLLECT_LIST',
};

const NAMES = new Set([
  'COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'STDDEV_SAMP', 'STDDEV_POP', 'VAR_SAMP', 'VAR_POP', 'FIRST_VALUE', 'LAST_VALUE',
  'BOOL_AND', 'BOOL_OR', 'COLLECT_LIST', 'COLLECT_SET', 'LISTAGG', 'COUNT_DISTINCT_APPROX', 'COUNT_IF', 'MEAN',
]);

export function canonicalAggregateName(name: string): string {
  const upper = name.toUpperCase();
  return ALIASES[upper] ?? (upper === 'MEAN' ? 'AVG' : upper);
}

export function isAggregateFunction(name: string): boolean {
  return NAMES.has(canonicalAggregateName(name));
}

/** Result type and accumulator of an aggregate call; undefined when the argument types don't fit. */
export function resolveAggregate(name: string, args: readonly SqlType[], o: AggregateOptions): ResolvedAggregate | string {
  const canonical = canonicalAggregateName(name);
  const resolved = resolveCanonical(canonical, args, o);
  if (typeof resolved === 'string' || !o.distinct) return resolved;
  const keyOf = groupKeyOf;
  return { returnType: resolved.returnType, argTypes: resolved.argTypes, create: () => new DistinctAccumulator(resolved.create(), keyOf) };
}

function resolveCanonical(name: string, args: readonly SqlType[], o: AggregateOptions): ResolvedAggregate | string {
  const spark = o.dialect === 'spark';
  const arg = args[0];
  const need = (n: number) => (args.length === n ? undefined : `${name} expects ${n} argument(s), got ${args.length}`);
  switch (name) {
    case 'COUNT':
    case 'COUNT_DISTINCT_APPROX':
      return { returnType: T.bigint(false), argTypes: args, create: () => new CountAccumulator(), createGroups: () => new CountGroups() };
    case 'COUNT_IF':
      return need(1) ?? { returnType: T.bigint(false), argTypes: [T.boolean()], create: () => new CountIfAccumulator() };
    case 'SUM':
      return need(1) ?? resolveSum(arg, spark);
    case 'AVG':
      return need(1) ?? resolveAvg(arg, spark);
    case 'MIN':
    case 'MAX': {
      const err = need(1);
      if (err) return err;
      const cmp = comparatorFor(arg);
      return {
        returnType: T.null().kind === arg.kind ? arg : { ...arg, nullable: true },
        argTypes: [arg],
        create: () => new MinMaxAccumulator(cmp, name === 'MAX', groupKeyOf),
        createGroups: () => new MinMaxGroups(cmp, name === 'MAX', PRIMITIVE_ORDER.has(arg.kind)),
      };
    }
    case 'STDDEV_SAMP':
    case 'STDDEV_POP':
    case 'VAR_SAMP':
    case 'VAR_POP':
      if (need(1)) return need(1)!;
      if (!isNumericish(arg)) return `${name} expects a numeric argument`;
      if (!spark && isIntegral(arg)) {
        const bits = ({ TINYINT: 8, SMALLINT: 16, INT: 32, BIGINT: 64 } as const)[arg.kind as 'INT'];
        return { returnType: { ...arg, nullable: true }, argTypes: [arg], create: () => new SumOfSquaresVarianceAccumulator(name as VarianceKind, bits) };
      }
      if (!spark && isApproximate(arg)) return { returnType: T.double(), argTypes: [T.double()], create: () => new SumOfSquaresVarianceAccumulator(name as VarianceKind) };
      return { returnType: T.double(), argTypes: [T.double()], create: () => new VarianceAccumulator(name as VarianceKind) };
    case 'FIRST_VALUE':
    case 'LAST_VALUE':
      return { returnType: { ...arg, nullable: true }, argTypes: [arg], create: () => new FirstLastAccumulator(name === 'LAST_VALUE', o.ignoreNulls) };
    case 'BOOL_AND':
    case 'BOOL_OR':
      return need(1) ?? { returnType: T.boolean(), argTypes: [T.boolean()], create: () => new BoolAccumulator(name === 'BOOL_AND') };
    case 'COLLECT_LIST':
    case 'COLLECT_SET':
      return need(1) ?? { returnType: T.array(arg, false), argTypes: [arg], create: () => new CollectAccumulator(name === 'COLLECT_SET' ? 'set' : 'list', groupKeyOf) };
    case 'LISTAGG': {
      const separator = args.length > 1 ? String(o.literalArgs[1] ?? ',') : ',';
      return { returnType: T.string(), argTypes: args.length > 1 ? [T.string(), T.string()] : [T.string()], create: () => new CollectAccumulator('listagg', groupKeyOf, separator) };
    }
    default:
      return `unknown aggregate function ${name}`;
  }
}

/** Types whose values (numbers without NaN, bigints, strings) order exactly like JS < and >. */
const PRIMITIVE_ORDER = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'STRING', 'VARCHAR', 'CHAR', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ']);

function isNumericish(t: SqlType): boolean {
  return isIntegral(t) || isApproximate(t) || t.kind === 'DECIMAL' || t.kind === 'NULL';
}

/** Flink keeps the input type (INT stays INT and wraps); Spark widens integers to BIGINT. */
function resolveSum(arg: SqlType, spark: boolean): ResolvedAggregate | string {
  if (!isNumericish(arg) && !(spark && (arg.kind === 'STRING' || arg.kind === 'VARCHAR'))) return `SUM expects a numeric argument, got ${arg.kind}`;
  if (arg.kind === 'DECIMAL') {
    const p = spark ? Math.min(38, arg.precision! + 10) : 38;
    return { returnType: T.decimal(p, arg.scale!), argTypes: [arg], create: () => new DecimalSumAccumulator(p, arg.scale!) };
  }
  if (arg.kind === 'BIGINT') return { returnType: T.bigint(), argTypes: [arg], create: () => new BigIntSumAccumulator() };
  if (isIntegral(arg)) {
    if (spark) return { returnType: T.bigint(), argTypes: [arg], create: () => new NumberSumAccumulator(true, true), createGroups: () => new NumberSumGroups(true, true) };
    const bits = arg.kind === 'INT' ? 32 : arg.kind === 'SMALLINT' ? 16 : 8;
    return { returnType: { ...arg, nullable: true }, argTypes: [arg], create: () => new NumberSumAccumulator(true, false, bits), createGroups: () => new NumberSumGroups(true, false, bits) };
  }
  if (arg.kind === 'NULL') return { returnType: spark ? T.double() : T.int(), argTypes: [spark ? T.double() : T.int()], create: () => new NumberSumAccumulator(!spark, false, 32) };
  return { returnType: T.double(), argTypes: [T.double()], create: () => new NumberSumAccumulator(false, false), createGroups: () => new NumberSumGroups(false, false) };
}

/**
 * Spark: AVG(integral|double) -> DOUBLE, AVG(DECIMAL(p,s)) -> DECIMAL(p+4, s+4).
 * Flink: AVG keeps the input type (integer AVG truncates), DECIMAL(p,s) -> DECIMAL(38, max(6, s)).
 */
function resolveAvg(arg: SqlType, spark: boolean): ResolvedAggregate | string {
  if (!isNumericish(arg)) return `AVG expects a numeric argument, got ${arg.kind}`;
  const input = arg.kind === 'DECIMAL' ? 'decimal' : arg.kind === 'BIGINT' ? 'bigint' : 'number';
  let out: AvgResult;
  let returnType: SqlType;
  if (arg.kind === 'DECIMAL') {
    const p = spark ? Math.min(38, arg.precision! + 4) : 38;
    const s = spark ? Math.min(38, arg.scale! + 4) : Math.max(6, arg.scale!);
    out = { kind: 'decimal', precision: p, scale: s };
    returnType = T.decimal(p, s);
  } else if (spark || isApproximate(arg) || arg.kind === 'NULL') {
    out = { kind: 'double' };
    returnType = T.double();
  } else {
    out = { kind: 'truncatedInt', bigint: arg.kind === 'BIGINT' };
    returnType = { ...arg, nullable: true };
  }
  const argType = input === 'number' && arg.kind !== 'DOUBLE' && arg.kind !== 'FLOAT' && !isIntegral(arg) ? T.double() : arg;
  const numberOut = input === 'number' && out.kind !== 'decimal' ? out : undefined;
  return { returnType, argTypes: [argType], create: () => new AvgAccumulator(input, out), createGroups: numberOut && (() => new NumberAvgGroups(numberOut)) };
}

class CountIfAccumulator extends CountAccumulator {
  override add(v: unknown): void {
    if (v === true) super.add(v);
  }
  override retract(v: unknown): void {
    if (v === true) super.retract(v);
  }
}
