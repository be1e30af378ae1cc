import type { BoundExpr } from '../expr/bound-expr';
import { formatType } from '../types/sql-type';
import type { LogicalPlan } from './logical/logical-plan';
import { explainMatchRecognize } from './logical/match-recognize-explain';

/** Renders a bound expression in SQL-like form for EXPLAIN. */
export function explainExpr(e: BoundExpr, names: readonly string[] = []): string {
  switch (e.kind) {
    case 'input':
      return names[e.index] ?? `$${e.index}`;
    case 'outer':
      return `outer(${e.name})`;
    case 'literal':
      return e.value === null ? 'NULL' : typeof e.value === 'string' ? `'${e.value}'` : String(e.value);
    case 'call':
      return /^[+\-*/%]$|^DIV$/.test(e.name) && e.args.length === 2
        ? `(${explainExpr(e.args[0], names)} ${e.name} ${explainExpr(e.args[1], names)})`
        : `${e.name}(${e.args.map((a) => explainExpr(a, names)).join(', ')})`;
    case 'cast':
      return `CAST(${explainExpr(e.arg, names)} AS ${formatType(e.type)})`;
    case 'and':
    case 'or':
      return `(${e.args.map((a) => explainExpr(a, names)).join(` ${e.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT ${explainExpr(e.arg, names)}`;
    case 'is':
      return `${explainExpr(e.arg, names)} IS ${e.negated ? 'NOT ' : ''}${e.test}`;
    case 'case':
      return `CASE ${e.whens.map((w) => `WHEN ${explainExpr(w.when, names)} THEN ${explainExpr(w.then, names)}`).join(' ')} ELSE ${explainExpr(e.otherwise, names)} END`;
    case 'compare':
      return `(${explainExpr(e.left, names)} ${e.op} ${explainExpr(e.right, names)})`;
    case 'inList':
      return `${explainExpr(e.arg, names)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map((a) => explainExpr(a, names)).join(', ')})`;
    case 'subquery':
      return `${e.mode.toUpperCase()}(subquery${e.correlated ? ', correlated' : ''})`;
  }
}

/** The logical plan as an indented tree, Flink/DataFusion style. */
export function explainLogical(plan: LogicalPlan, indent = 0): string {
  const pad = '  '.repeat(indent);
  const inNames = (p: LogicalPlan) => p.schema.map((f) => f.name);
  let line: string;
  let children: LogicalPlan[] = [];
  switch (plan.kind) {
    case 'scan':
      line = `TableScan(table=[${plan.table.name}], fields=[${inNames(plan).join(', ')}])`;
      break;
    case 'values':
      line = `Values(rows=${plan.rows.length}, fields=[${inNames(plan).join(', ')}])`;
      break;
    case 'filter':
      line = `Filter(condition=[${explainExpr(plan.predicate, inNames(plan.input))}])`;
      children = [plan.input];
      break;
    case 'project':
      line = `Project(${plan.exprs.map((e, i) => `${plan.schema[i].name}=[${explainExpr(e, inNames(plan.input))}]`).join(', ')})`;
      children = [plan.input];
      break;
    case 'aggregate':
      line = `Aggregate(group=[${plan.keys.map((k) => explainExpr(k, inNames(plan.input))).join(', ')}]${plan.groupingSets ? `, sets=[${plan.groupingSets.map((s) => `{${s.join(',')}}`).join(', ')}]` : ''}, aggs=[${plan.aggregates.map((a) => `${a.name}(${a.distinct ? 'DISTINCT ' : ''}${a.star ? '*' : a.args.map((x) => explainExpr(x, inNames(plan.input))).join(', ')})`).join(', ')}])`;
      children = [plan.input];
      break;
    case 'join': {
      const names = [...inNames(plan.left), ...inNames(plan.right)];
      const keys = plan.leftKeys.map((k, i) => `${explainExpr(k, inNames(plan.left))} = ${explainExpr(plan.rightKeys[i], inNames(plan.right))}`);
      line = `HashJoin(type=[${plan.joinType}], keys=[${keys.join(', ')}]${plan.residual ? `, residual=[${explainExpr(plan.residual, names)}]` : ''})`;
      children = [plan.left, plan.right];
      break;
    }
    case 'sort':
      line = `Sort(${plan.keys.map((k) => `${explainExpr(k.expr, inNames(plan.input))} ${k.descending ? 'DESC' : 'ASC'} NULLS ${k.nullsFirst ? 'FIRST' : 'LAST'}`).join(', ')})`;
      children = [plan.input];
      break;
    case 'limit':
      line = `Limit(offset=${plan.offset}${plan.limit !== undefined ? `, fetch=${plan.limit}` : ''})`;
      children = [plan.input];
      break;
    case 'setop':
      line = `${plan.op}${plan.all ? ' ALL' : ''}`;
      children = [...plan.inputs];
      break;
    case 'watermark':
      line = `WatermarkAssigner(rowtime=[${plan.schema[plan.rowtimeIndex].name}], watermark=[${explainExpr(plan.expr, inNames(plan.input))}])`;
      children = [plan.input];
      break;
    case 'windowTvf': {
      const w = plan.window;
      const args = w.kind === 'TUMBLE' ? `size=${w.sizeMs}ms` : w.kind === 'HOP' ? `size=${w.sizeMs}ms, slide=${w.slideMs}ms` : w.kind === 'CUMULATE' ? `max_size=${w.maxSizeMs}ms, step=${w.stepMs}ms` : `gap=${w.gapMs}ms`;
      line = `WindowTableFunction(${w.kind}(time_col=[${inNames(plan.input)[plan.timeIndex]}], ${args}))`;
      children = [plan.input];
      break;
    }
    case 'overWindow':
      line = `OverWindow(${plan.calls.map((c) => `${c.name}(${c.args.map((a) => explainExpr(a, inNames(plan.input))).join(', ')}) OVER (PARTITION BY ${c.partitionBy.map((p) => explainExpr(p, inNames(plan.input))).join(', ') || '-'} ORDER BY ${c.orderBy.map((o) => explainExpr(o.expr, inNames(plan.input))).join(', ') || '-'})`).join(', ')})`;
      children = [plan.input];
      break;
    case 'matchRecognize':
      line = explainMatchRecognize(plan, explainExpr);
      children = [plan.input];
      break;
  }
  return [pad + line, ...children.map((c) => explainLogical(c, indent + 1))].join('\n');
}
