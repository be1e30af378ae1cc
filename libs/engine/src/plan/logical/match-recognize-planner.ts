import { PlanError, type SourcePosition } from '@sluice/contracts';
import type { MatchRecognize, MatchRecognizeRef } from '../../sql/ast';
import type { Field, Schema } from '../../catalog/schema';
import type { MatchExprSpec, MatchOrderKey, RowsPerMatch, SkipSpec } from '../../exec/streaming/match-recognize/match-spec';
import { T, isTimestamp, withoutTimeAttribute } from '../../types/sql-type';
import { ExprBinder } from './expr-binder';
import type { LogicalPlan } from './logical-plan';
import { PatternExprBinder } from './match-recognize-expr-binder';
import { checkNoExclusion, lowerPattern, patternVariables } from './match-recognize-pattern';
import type { PatternVariables } from './match-recognize-row-binder';
import { requalify } from './query-planner-support';
import { Scope } from './scope';
import type { SubPlanner } from './sub-planner';

/**
 * FROM t MATCH_RECOGNIZE (...) -> MatchRecognizeNode. Checks what SQL:2016 and Flink require
 * (variables, SUBSET, DEFINE targets, ORDER BY a time attribute in streaming mode, WITHIN as an
 * interval) with the position of the offending clause, then binds DEFINE and MEASURES.
 */
export function planMatchRecognize(p: SubPlanner, from: MatchRecognizeRef, outer?: Scope): LogicalPlan {
  const mr = from.spec;
  const input = p.planFrom(from.input, outer);
  const same = (a: string, b: string) => (p.ctx.caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase());
  const variables = declareVariables(mr, same);
  const binder = new ExprBinder(new Scope(input.schema, p.ctx.caseSensitive, outer), p.ctx.fn);
  const partitionKeys = mr.partitionBy.map((e) => binder.bind(e));
  const orderKeys: MatchOrderKey[] = mr.orderBy.map((o) => ({ expr: binder.bind(o.expr), descending: o.descending, nullsFirst: o.nullsFirst ?? !o.descending }));
  const time = timeColumn(p, input.schema, orderKeys, mr);
  if (mr.rowsPerMatch === 'allWithUnmatched') checkNoExclusion(mr.pattern);
  const exprs = (mode: 'define' | 'measures') => new PatternExprBinder(p.ctx, input.schema, variables, mode, time?.index);
  const defines: (MatchExprSpec | undefined)[] = variables.names.map(() => undefined);
  for (const d of mr.define) {
    const v = variables.names.findIndex((n) => same(n, d.variable));
    if (v < 0) throw new PlanError('PLAN_INVALID', `DEFINE ${d.variable}: '${d.variable}' is not a variable of PATTERN (${variables.describe()})`, { position: d.pos });
    if (defines[v]) throw new PlanError('PLAN_INVALID', `pattern variable '${d.variable}' is defined twice`, { position: d.pos });
    defines[v] = exprs('define').bind(d.condition, T.boolean());
  }
  const measures = mr.measures.map((m) => exprs('measures').bind(m.expr));
  const rowsPerMatch: RowsPerMatch = mr.rowsPerMatch === 'allShowEmpty' ? 'all' : mr.rowsPerMatch;
  const spec = {
    dialect: p.ctx.fn.dialect,
    variables: variables.names,
    partitionKeys,
    orderKeys,
    timeIndex: time?.index,
    timeAttribute: p.ctx.mode === 'streaming' ? time?.attribute : undefined,
    pattern: lowerPattern(mr.pattern, (name) => variables.names.findIndex((n) => same(n, name))),
    defines,
    measures,
    rowsPerMatch,
    afterMatchSkip: skipSpec(mr, variables),
    withinMs: mr.within ? withinMs(binder, mr, time !== undefined) : undefined,
    inputWidth: input.schema.length,
    pos: mr.pos,
  };
  const measureFields: Field[] = mr.measures.map((m, i) => ({ name: m.alias, type: measureType(measures[i]) }));
  const keyFields: Field[] = partitionKeys.map((k, i) => ({ name: k.kind === 'input' ? input.schema[k.index].name : `EXPR$${i}`, type: withoutTimeAttribute(k.type) }));
  const inputFields: Field[] = input.schema.map((f) => ({ name: f.name, type: withoutTimeAttribute(f.type), hidden: f.hidden }));
  const schema: Schema = [...(rowsPerMatch === 'one' ? keyFields : inputFields), ...measureFields];
  return requalify({ kind: 'matchRecognize', input, spec, schema }, from.alias?.name ?? '');
}

function declareVariables(mr: MatchRecognize, same: (a: string, b: string) => boolean): PatternVariables {
  const names = patternVariables(mr.pattern, same).map((v) => v.name);
  const subsets = new Map<string, number[]>();
  for (const s of mr.subsets) {
    if (names.some((n) => same(n, s.name)) || [...subsets.keys()].some((n) => same(n, s.name)))
      throw new PlanError('PLAN_INVALID', `SUBSET name '${s.name}' is already a pattern variable or subset`, { position: s.pos });
    subsets.set(
      s.name,
      s.variables.map((v) => {
        const i = names.findIndex((n) => same(n, v));
        if (i < 0) throw new PlanError('PLAN_INVALID', `SUBSET ${s.name}: '${v}' is not a variable of PATTERN`, { position: s.pos });
        return i;
      }),
    );
  }
  return {
    names,
    lookup: (name) => {
      const i = names.findIndex((n) => same(n, name));
      if (i >= 0) return [i];
      for (const [subset, members] of subsets) if (same(subset, name)) return members;
      return undefined;
    },
    describe: () => `pattern variables: ${[...names, ...subsets.keys()].join(', ') || 'none'}`,
  };
}

/**
 * The ORDER BY time column. Streaming (Flink): the first ORDER BY item must be a time attribute
 * in ascending order; rows are then sorted by event time (rowtime) or kept in arrival order.
 */
function timeColumn(p: SubPlanner, schema: Schema, keys: readonly MatchOrderKey[], mr: MatchRecognize): { index: number; attribute?: 'rowtime' | 'proctime' } | undefined {
  const first = keys[0]?.expr;
  const index = first?.kind === 'input' && isTimestamp(first.type) ? first.index : undefined;
  const attribute = index === undefined ? undefined : schema[index].type.timeAttribute;
  if (p.ctx.mode === 'streaming' && (index === undefined || !attribute || keys[0].descending)) {
    const pos: SourcePosition = mr.orderBy[0]?.expr.pos ?? mr.pos;
    throw new PlanError('PLAN_INVALID', 'MATCH_RECOGNIZE in streaming mode must be ordered by a time attribute first, ascending (ORDER BY rowtime [, ...])', { position: pos });
  }
  return index === undefined ? undefined : { index, attribute };
}

function skipSpec(mr: MatchRecognize, variables: PatternVariables): SkipSpec {
  const s = mr.afterMatchSkip;
  if (s.kind === 'pastLastRow' || s.kind === 'toNextRow') return s;
  const vars = variables.lookup(s.variable);
  if (!vars) throw new PlanError('PLAN_INVALID', `AFTER MATCH SKIP TO ${s.kind === 'toFirst' ? 'FIRST' : 'LAST'} ${s.variable}: '${s.variable}' is not a pattern variable (${variables.describe()})`, { position: s.pos });
  return { kind: s.kind, vars, name: s.variable, pos: s.pos };
}

function withinMs(binder: ExprBinder, mr: MatchRecognize, hasTime: boolean): number {
  const e = mr.within!;
  const v = binder.bind(e);
  if (v.kind !== 'literal' || v.type.kind !== 'INTERVAL_DAY_TIME' || typeof v.value !== 'number' || v.value <= 0)
    throw new PlanError('PLAN_INVALID', "WITHIN takes a positive day-time interval literal such as INTERVAL '10' SECOND", { position: e.pos });
  if (!hasTime) throw new PlanError('PLAN_INVALID', 'WITHIN needs MATCH_RECOGNIZE to be ordered by a TIMESTAMP time column first', { position: e.pos });
  return v.value;
}

/** Measures are NULL in empty matches and unmatched rows; only MATCH_ROWTIME/PROCTIME stay time attributes. */
function measureType(m: MatchExprSpec) {
  const slot = m.expr.kind === 'input' ? m.slots[m.expr.index] : undefined;
  const keep = slot?.kind === 'matchRowtime' || slot?.kind === 'matchProctime';
  return { ...(keep ? m.expr.type : withoutTimeAttribute(m.expr.type)), nullable: true };
}
