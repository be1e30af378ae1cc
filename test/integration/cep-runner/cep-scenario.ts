import { parseStreamDefinitions, type EventEnvelope, type StreamDefinition } from '@sluice/contracts';
import { mulberry32 } from '@sluice/connectors';
import { expectedPartition } from '../gateway/expected-partition';

/**
 * The workload every CEP runner test shares: two streams (orders keyed by customer over 4
 * partitions, payments keyed by order over 2), five rules covering each kind of sink and
 * operator, and a deterministic event generator with client retries (duplicate event ids) and
 * slight disorder, never late: every rule's result is then a pure function of the events.
 */

export const ORDERS_PARTITIONS = 4;
export const PAYMENTS_PARTITIONS = 2;
export const MAX_OUT_OF_ORDERNESS_S = 2;

export interface ScenarioTopics {
  readonly orders: string;
  readonly payments: string;
}

export function streamsYaml(topics: ScenarioTopics): string {
  return `
streams:
  - name: orders
    topic: ${topics.orders}
    partitions: ${ORDERS_PARTITIONS}
    key: customerId
    eventTime: ts
    maxOutOfOrderness: ${MAX_OUT_OF_ORDERNESS_S}s
    schema:
      type: object
      required: [eventId, orderId, customerId, product, amount, quantity, ts]
      additionalProperties: false
      properties:
        eventId: { type: string }
        orderId: { type: string }
        customerId: { type: string }
        product: { type: string }
        amount: { type: number, x-sql-type: 'DECIMAL(10, 2)' }
        quantity: { type: integer, minimum: 1 }
        ts: { type: string, format: date-time }
  - name: payments
    topic: ${topics.payments}
    partitions: ${PAYMENTS_PARTITIONS}
    key: orderId
    eventTime: ts
    maxOutOfOrderness: ${MAX_OUT_OF_ORDERNESS_S}s
    schema:
      type: object
      required: [eventId, paymentId, orderId, amount, ts]
      additionalProperties: false
      properties:
        eventId: { type: string }
        paymentId: { type: string }
        orderId: { type: string }
        amount: { type: number, x-sql-type: 'DECIMAL(10, 2)' }
        method: { type: string }
        ts: { type: string, format: date-time }
`;
}

export function scenarioStreams(topics: ScenarioTopics): StreamDefinition[] {
  return [...parseStreamDefinitions(streamsYaml(topics)).streams];
}

export interface ScenarioRule {
  readonly id: string;
  /** Tables of the rule's database it writes (sluice_alerts aside). */
  readonly tables: readonly string[];
  /** The rule's SQL; `jdbc` is the WITH options naming the database (url, username, password). */
  sql(jdbc: string): string;
}

/** Window aggregation -> jdbc upsert table. */
export const REVENUE_RULE: ScenarioRule = {
  id: 'revenue-per-minute',
  tables: ['revenue_per_minute'],
  sql: (jdbc) => `SET 'execution.runtime-mode' = 'streaming';
CREATE TABLE revenue_per_minute (
  product STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), orders BIGINT, units BIGINT, revenue DECIMAL(16, 2),
  PRIMARY KEY (product, window_start) NOT ENFORCED
) WITH ('connector' = 'jdbc', ${jdbc}, 'table-name' = 'revenue_per_minute');
INSERT INTO revenue_per_minute
SELECT product, window_start, window_end, COUNT(*), SUM(quantity), SUM(amount)
FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' MINUTE))
GROUP BY product, window_start, window_end`,
};

/** Inner interval join of two streams -> jdbc table with a primary key. */
export const PAID_RULE: ScenarioRule = {
  id: 'paid-orders',
  tables: ['paid_orders'],
  sql: (jdbc) => `CREATE TABLE paid_orders (
  orderId STRING, paymentId STRING, customerId STRING, ordered_at TIMESTAMP(3), paid_at TIMESTAMP(3), amount DECIMAL(10, 2),
  PRIMARY KEY (orderId, paymentId) NOT ENFORCED
) WITH ('connector' = 'jdbc', ${jdbc}, 'table-name' = 'paid_orders');
INSERT INTO paid_orders
SELECT o.orderId, p.paymentId, o.customerId, o.ts, p.ts, p.amount
FROM orders o JOIN payments p ON o.orderId = p.orderId AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '5' MINUTE`,
};

/** Left outer interval join -> an alerts table of the rule's own shape. */
export const UNPAID_RULE: ScenarioRule = {
  id: 'unpaid-orders',
  tables: [],
  sql: () => `CREATE TABLE unpaid_orders (customerId STRING, orderId STRING, ordered_at TIMESTAMP(3), amount DECIMAL(10, 2))
WITH ('connector' = 'alerts', 'alert.key-column' = 'customerId', 'alert.time-column' = 'ordered_at');
INSERT INTO unpaid_orders
SELECT o.customerId, o.orderId, o.ts, o.amount
FROM orders o LEFT JOIN payments p ON o.orderId = p.orderId AND p.ts BETWEEN o.ts AND o.ts + INTERVAL '5' MINUTE
WHERE p.paymentId IS NULL`,
};

/** MATCH_RECOGNIZE -> the standard alerts table. */
export const RISING_RULE: ScenarioRule = {
  id: 'rising-orders',
  tables: [],
  sql: () => `INSERT INTO alerts
SELECT customerId, last_ts, CONCAT('three rising orders ', first_id, ' .. ', last_id)
FROM orders MATCH_RECOGNIZE (
  PARTITION BY customerId ORDER BY ts
  MEASURES FIRST(A.orderId) AS first_id, C.orderId AS last_id, C.ts AS last_ts
  AFTER MATCH SKIP PAST LAST ROW
  PATTERN (A B C) WITHIN INTERVAL '10' MINUTE
  DEFINE B AS B.amount > A.amount, C AS C.amount > B.amount
)`,
};

/** Stateless filter -> append-only jdbc table (no key: exactly-once rests on the transaction alone). */
export const LARGE_RULE: ScenarioRule = {
  id: 'large-orders',
  tables: ['large_orders'],
  sql: (jdbc) => `CREATE TABLE large_orders (orderId STRING, customerId STRING, amount DECIMAL(10, 2), ts TIMESTAMP(3))
WITH ('connector' = 'jdbc', ${jdbc}, 'table-name' = 'large_orders');
INSERT INTO large_orders SELECT orderId, customerId, amount, ts FROM orders WHERE amount > 150`,
};

/** Lookup join against a MySQL table (bounded PARTIAL cache smaller than the table) -> jdbc upsert table. */
export const TIERED_RULE: ScenarioRule = {
  id: 'tiered-orders',
  tables: ['tiered_orders'],
  sql: (jdbc) => `CREATE TABLE customer_tiers (customerId STRING, tier STRING, PRIMARY KEY (customerId) NOT ENFORCED)
WITH ('connector' = 'jdbc', ${jdbc}, 'table-name' = 'customer_tiers', 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '20');
CREATE TABLE tiered_orders (orderId STRING, customerId STRING, tier STRING, amount DECIMAL(10, 2), PRIMARY KEY (orderId) NOT ENFORCED)
WITH ('connector' = 'jdbc', ${jdbc}, 'table-name' = 'tiered_orders');
INSERT INTO tiered_orders
SELECT o.orderId, o.customerId, t.tier, o.amount
FROM orders AS o JOIN customer_tiers FOR SYSTEM_TIME AS OF o.proc_time AS t ON o.customerId = t.customerId`,
};

/** The dimension table TIERED_RULE looks up: 30 of the 37 customers have a tier. */
export const DIMENSION_TABLES_SQL = [
  'CREATE TABLE customer_tiers (customerId VARCHAR(64) NOT NULL PRIMARY KEY, tier VARCHAR(16) NOT NULL)',
  `INSERT INTO customer_tiers VALUES ${Array.from({ length: 30 }, (_, i) => `('c-${i}', '${['gold', 'silver', 'bronze'][i % 3]}')`).join(', ')}`,
];

export const SCENARIO_RULES: readonly ScenarioRule[] = [REVENUE_RULE, PAID_RULE, UNPAID_RULE, RISING_RULE, LARGE_RULE, TIERED_RULE];

/** One event as produced (or posted), in emission order. */
export interface ScenarioEvent {
  readonly stream: 'orders' | 'payments';
  readonly key: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** A client retry of an earlier event (same eventId): the runner must drop it. */
  readonly isDuplicate: boolean;
  /** Set for flush events, which go to a given partition. */
  readonly partition?: number;
}

const PRODUCTS = ['gadget', 'widget', 'gizmo', 'doohickey', 'sprocket'];
export const SCENARIO_T0 = Date.UTC(2024, 2, 1, 8);

/**
 * `orders` orders one second apart (unique event times), 80% paid 10 s to 6 min later, emitted
 * in time order with neighbours swapped now and then (disorder of 1 s, under the 2 s bound),
 * and about 3% of events sent twice.
 */
export function generateEvents(orders: number, seed = 7): ScenarioEvent[] {
  const random = mulberry32(seed);
  const timed: { at: number; event: ScenarioEvent }[] = [];
  for (let i = 0; i < orders; i++) {
    const at = SCENARIO_T0 + i * 1000;
    const orderId = `o-${seed}-${i}`;
    const customerId = `c-${Math.floor(random() * 37)}`;
    const amount = Math.round((5 + random() * 200) * 100) / 100;
    timed.push({ at, event: { stream: 'orders', key: customerId, isDuplicate: false, payload: { eventId: `e-${orderId}`, orderId, customerId, product: PRODUCTS[Math.floor(random() * PRODUCTS.length)], amount, quantity: 1 + Math.floor(random() * 4), ts: iso(at) } } });
    if (random() < 0.8) {
      // Whole seconds plus 500 ms: never equal to an order time, so interval bounds are never ties.
      const paidAt = at + (10 + Math.floor(random() * 350)) * 1000 + 500;
      const paymentId = `p-${seed}-${i}`;
      timed.push({ at: paidAt, event: { stream: 'payments', key: orderId, isDuplicate: false, payload: { eventId: `e-${paymentId}`, paymentId, orderId, amount, method: random() < 0.5 ? 'card' : 'wallet', ts: iso(paidAt) } } });
    }
  }
  timed.sort((a, b) => a.at - b.at);
  for (let i = 1; i < timed.length; i++) {
    if (random() < 0.2 && timed[i].at - timed[i - 1].at <= 1000) [timed[i - 1], timed[i]] = [timed[i], timed[i - 1]];
  }
  const out: ScenarioEvent[] = [];
  const recent: ScenarioEvent[] = [];
  for (const { event } of timed) {
    out.push(event);
    recent.push(event);
    if (recent.length > 50) recent.shift();
    if (random() < 0.03) out.push({ ...recent[Math.floor(random() * recent.length)], isDuplicate: true });
  }
  return out;
}

/**
 * One event per partition of each stream, an hour after everything else: every partition's
 * watermark passes all real events, so every window, join bound and pattern of the real events
 * is final, while the flush events themselves never complete a window, join or match.
 */
export function flushEvents(topics: ScenarioTopics, events: readonly ScenarioEvent[]): ScenarioEvent[] {
  const last = Math.max(...events.map((e) => Date.parse(String(e.payload.ts))));
  const ts = iso(last + 3_600_000);
  const out: ScenarioEvent[] = [];
  for (let p = 0; p < ORDERS_PARTITIONS; p++) {
    const key = keyForPartition(topics.orders, ORDERS_PARTITIONS, p, 'flush-c');
    out.push({ stream: 'orders', key, partition: p, isDuplicate: false, payload: { eventId: `flush-o-${p}`, orderId: `flush-order-${p}`, customerId: key, product: 'flush', amount: 0.01, quantity: 1, ts } });
  }
  for (let p = 0; p < PAYMENTS_PARTITIONS; p++) {
    const key = keyForPartition(topics.payments, PAYMENTS_PARTITIONS, p, 'flush-payment-for');
    out.push({ stream: 'payments', key, partition: p, isDuplicate: false, payload: { eventId: `flush-p-${p}`, paymentId: `flush-p-${p}`, orderId: key, amount: 0.01, method: 'card', ts } });
  }
  return out;
}

/** A key the gateway's partitioner (murmur2, as the Java client) sends to `partition`. */
export function keyForPartition(topic: string, partitions: number, partition: number, prefix: string): string {
  for (let i = 0; ; i++) if (expectedPartition(topic, partitions, `${prefix}-${i}`) === partition) return `${prefix}-${i}`;
}

export function partitionOf(topics: ScenarioTopics, event: ScenarioEvent): number {
  if (event.partition !== undefined) return event.partition;
  return event.stream === 'orders' ? expectedPartition(topics.orders, ORDERS_PARTITIONS, event.key) : expectedPartition(topics.payments, PAYMENTS_PARTITIONS, event.key);
}

/** The envelope the gateway would write for the event. */
export function envelopeOf(event: ScenarioEvent, ingestTimeMs: number): EventEnvelope {
  return {
    eventId: String(event.payload.eventId),
    stream: event.stream,
    key: event.key,
    eventTime: Date.parse(String(event.payload.ts)),
    ingestTime: ingestTimeMs,
    payload: event.payload as Record<string, unknown>,
    headers: {},
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
