import type { Accumulator } from '../../../expr/aggregates/accumulator';
import type { CompiledExpr } from '../../../expr/compile-expr';
import type { Row } from '../../../types/values';
import type { CompiledAggregate } from '../../operators/hash-aggregate.operator';

/**
 * How a window aggregation keeps one group's state. Two implementations: accumulator objects
 * (any aggregate, retractable) and flat slots (COUNT/MIN/MAX/SUM over primitives, append-only),
 * where a group is one array [keys..., slots...] — far fewer objects per group on hot windows.
 */
export interface GroupStateOps<G> {
  create(keys: readonly unknown[]): G;
  fold(g: G, row: Row, retract: boolean): void;
  /** keys ++ aggregate results. */
  result(g: G): Row;
  keysOf(g: G): readonly unknown[];
  save(g: G): unknown;
  load(saved: unknown): G;
}

interface AccumulatorGroup {
  readonly keys: unknown[];
  readonly accs: Accumulator[];
}

export function accumulatorGroupOps(aggregates: readonly CompiledAggregate[]): GroupStateOps<AccumulatorGroup> {
  return {
    create: (keys) => ({ keys: keys.slice(), accs: aggregates.map((a) => a.create()) }),
    fold(g, row, retract) {
      for (let i = 0; i < aggregates.length; i++) {
        const a = aggregates[i];
        if (a.filter && a.filter(row) !== true) continue;
        if (retract) g.accs[i].retract(a.arg(row));
        else g.accs[i].add(a.arg(row));
      }
    },
    result(g) {
      const row = g.keys.slice();
      for (const acc of g.accs) row.push(acc.result());
      return row;
    },
    keysOf: (g) => g.keys,
    save: (g) => [g.keys, g.accs.map((a) => a.snapshot())],
    load(saved) {
      const [keys, states] = saved as [unknown[], unknown[]];
      return {
        keys,
        accs: aggregates.map((a, i) => {
          const acc = a.create();
          acc.restore(states[i]);
          return acc;
        }),
      };
    },
  };
}

/** One flat aggregate: its slot's initial value, fold and result. */
export interface SlotAggregate {
  readonly init: unknown;
  fold(g: unknown[], at: number, row: Row): void;
  result(slot: unknown): unknown;
}

/** Flat slots for COUNT, MIN/MAX over primitives, SUM over doubles; undefined when not all fit. */
export function slotAggregates(calls: readonly { name: string; distinct: boolean; star: boolean; argKind?: string }[], compiled: readonly CompiledAggregate[]): SlotAggregate[] | undefined {
  const slots: SlotAggregate[] = [];
  for (let i = 0; i < calls.length; i++) {
    const slot = slotFor(calls[i], compiled[i].arg, compiled[i].filter);
    if (!slot) return undefined;
    slots.push(slot);
  }
  return slots;
}

const PRIMITIVE = new Set(['TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ', 'STRING', 'VARCHAR', 'CHAR']);

function slotFor(call: { name: string; distinct: boolean; star: boolean; argKind?: string }, arg: CompiledExpr, filter: CompiledExpr | undefined): SlotAggregate | undefined {
  if (call.distinct) return undefined;
  const pass = filter ? (row: Row) => filter(row) === true : () => true;
  switch (call.name) {
    case 'COUNT':
      return {
        init: 0,
        fold: call.star
          ? (g, at, row) => {
              if (pass(row)) (g[at] as number)++;
            }
          : (g, at, row) => {
              if (pass(row) && arg(row) !== null) (g[at] as number)++;
            },
        result: (n) => BigInt(n as number),
      };
    case 'MIN':
    case 'MAX': {
      const max = call.name === 'MAX';
      const isDouble = call.argKind === 'DOUBLE' || call.argKind === 'FLOAT';
      if (!isDouble && !PRIMITIVE.has(call.argKind ?? '')) return undefined;
      return {
        init: null,
        fold: (g, at, row) => {
          if (!pass(row)) return;
          const v = arg(row) as number;
          if (v === null) return;
          const cur = g[at] as number | null;
          // NaN is the largest double (Flink and Spark): it wins MAX and loses MIN.
          if (cur === null || (max ? v > cur || (v !== v && cur === cur) : v < cur || (cur !== cur && v === v))) g[at] = v;
        },
        result: (v) => v,
      };
    }
    case 'SUM':
      if (call.argKind !== 'DOUBLE' && call.argKind !== 'FLOAT') return undefined;
      return {
        init: null,
        fold: (g, at, row) => {
          if (!pass(row)) return;
          const v = arg(row) as number | null;
          if (v !== null) g[at] = g[at] === null ? v : (g[at] as number) + v;
        },
        result: (v) => v,
      };
    default:
      return undefined;
  }
}

export function slotGroupOps(keyCount: number, slots: readonly SlotAggregate[]): GroupStateOps<unknown[]> {
  const n = slots.length;
  return {
    create(keys) {
      const g = new Array(keyCount + n);
      for (let i = 0; i < keyCount; i++) g[i] = keys[i];
      for (let i = 0; i < n; i++) g[keyCount + i] = slots[i].init;
      return g;
    },
    fold(g, row) {
      for (let i = 0; i < n; i++) slots[i].fold(g, keyCount + i, row);
    },
    result(g) {
      const row = g.slice();
      for (let i = 0; i < n; i++) row[keyCount + i] = slots[i].result(g[keyCount + i]);
      return row;
    },
    keysOf: (g) => g.slice(0, keyCount),
    save: (g) => g,
    load: (saved) => (saved as unknown[]).slice(),
  };
}
