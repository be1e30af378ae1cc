import { NotSupportedError, PlanError } from '@sluice/contracts';
import type { TableFunctionRef, TvfArg } from '../../sql/ast';
import type { Field } from '../../catalog/schema';
import { T, isTimestamp, type SqlType } from '../../types/sql-type';
import { ExprBinder } from './expr-binder';
import type { LogicalPlan } from './logical-plan';
import { requalify } from './query-planner-support';
import { Scope } from './scope';
import type { SubPlanner } from './sub-planner';
import type { WindowSpec } from './window-tvf-node';

const PARAMS: Record<string, string[]> = {
  TUMBLE: ['DATA', 'TIMECOL', 'SIZE', 'OFFSET'],
  HOP: ['DATA', 'TIMECOL', 'SLIDE', 'SIZE', 'OFFSET'],
  CUMULATE: ['DATA', 'TIMECOL', 'STEP', 'SIZE', 'OFFSET'],
  SESSION: ['DATA', 'TIMECOL', 'GAP'],
};

/** FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL ...)) and HOP / CUMULATE / SESSION. */
export function planWindowTvf(p: SubPlanner, tvf: TableFunctionRef): LogicalPlan {
  const names = PARAMS[tvf.name];
  if (!names) throw new NotSupportedError(`table function ${tvf.name}`, tvf.pos);
  const args = new Map<string, TvfArg>();
  tvf.args.forEach((a, i) => {
    const name = a.name ?? names[i];
    if (!name || !names.includes(name)) throw new PlanError('PLAN_INVALID', `${tvf.name} takes (${names.join(', ')}); unexpected argument ${a.name ?? i + 1}`, { position: tvf.pos });
    args.set(name, a);
  });
  const data = args.get('DATA');
  if (!data || data.kind !== 'table') throw new PlanError('PLAN_INVALID', `${tvf.name} needs TABLE <name> as its first argument`, { position: tvf.pos });
  const input = p.planFrom(data.table);
  const timecol = args.get('TIMECOL');
  if (!timecol || timecol.kind !== 'descriptor' || timecol.columns.length !== 1)
    throw new PlanError('PLAN_INVALID', `${tvf.name} needs DESCRIPTOR(time_column) as its second argument`, { position: tvf.pos });
  const scope = new Scope(input.schema, p.ctx.caseSensitive);
  const time = scope.resolve([timecol.columns[0]], timecol.pos);
  if (!isTimestamp(time.field.type)) throw new PlanError('PLAN_TYPE_MISMATCH', `the time column of ${tvf.name} must be a TIMESTAMP or TIMESTAMP_LTZ, '${time.field.name}' is ${time.field.type.kind}`, { position: timecol.pos });
  if (p.ctx.mode === 'streaming' && !time.field.type.timeAttribute)
    throw new PlanError('PLAN_INVALID', `'${time.field.name}' is not a time attribute; declare WATERMARK FOR ${time.field.name} AS ... on the table (or use PROCTIME())`, { position: timecol.pos });
  const binder = new ExprBinder(scope, p.ctx.fn);
  const interval = (name: string, required: boolean): number => {
    const a = args.get(name);
    if (!a) {
      if (required) throw new PlanError('PLAN_INVALID', `${tvf.name} needs ${name}`, { position: tvf.pos });
      return 0;
    }
    const v = a.kind === 'expr' ? binder.bind(a.expr) : undefined;
    if (!v || v.kind !== 'literal' || v.type.kind !== 'INTERVAL_DAY_TIME' || (v.value as number) < 0)
      throw new PlanError('PLAN_INVALID', `${tvf.name} ${name} must be a day-time INTERVAL literal such as INTERVAL '10' MINUTES`, { position: tvf.pos });
    return v.value as number;
  };
  let window: WindowSpec;
  switch (tvf.name) {
    case 'TUMBLE':
      window = { kind: 'TUMBLE', sizeMs: positive(interval('SIZE', true), 'SIZE'), offsetMs: interval('OFFSET', false) };
      break;
    case 'HOP': {
      const sizeMs = positive(interval('SIZE', true), 'SIZE');
      const slideMs = positive(interval('SLIDE', true), 'SLIDE');
      if (sizeMs % slideMs !== 0) throw new PlanError('PLAN_INVALID', 'HOP size must be an integral multiple of slide', { position: tvf.pos });
      window = { kind: 'HOP', sizeMs, slideMs, offsetMs: interval('OFFSET', false) };
      break;
    }
    case 'CUMULATE': {
      const maxSizeMs = positive(interval('SIZE', true), 'SIZE');
      const stepMs = positive(interval('STEP', true), 'STEP');
      if (maxSizeMs % stepMs !== 0) throw new PlanError('PLAN_INVALID', 'CUMULATE max size must be an integral multiple of step', { position: tvf.pos });
      window = { kind: 'CUMULATE', maxSizeMs, stepMs, offsetMs: interval('OFFSET', false) };
      break;
    }
    default:
      window = { kind: 'SESSION', gapMs: positive(interval('GAP', true), 'GAP'), partitionKeys: (data.partitionBy ?? []).map((e) => binder.bind(e)) };
  }
  function positive(ms: number, what: string): number {
    if (ms <= 0) throw new PlanError('PLAN_INVALID', `${tvf.name} ${what} must be positive`, { position: tvf.pos });
    return ms;
  }
  const ltz = time.field.type.kind === 'TIMESTAMP_LTZ';
  const bound = (windowProperty: 'start' | 'end'): SqlType => ({ ...(ltz ? T.timestampLtz(3, false) : T.timestamp(3, false)), windowProperty });
  const windowTime: SqlType = { ...(ltz ? T.timestampLtz(3, false) : T.timestamp(3, false)), windowProperty: 'time', timeAttribute: 'rowtime' };
  const schema: Field[] = [
    // The input's own time attribute becomes a plain timestamp: window_time is the new rowtime.
    ...input.schema.map((f) => (f.type.timeAttribute === 'rowtime' ? { ...f, type: { ...f.type, timeAttribute: undefined } } : f)),
    { name: 'window_start', type: bound('start') },
    { name: 'window_end', type: bound('end') },
    { name: 'window_time', type: windowTime },
  ];
  const node: LogicalPlan = { kind: 'windowTvf', input, window, timeIndex: time.index, schema };
  return tvf.alias ? requalify(node, tvf.alias.name) : node;
}
