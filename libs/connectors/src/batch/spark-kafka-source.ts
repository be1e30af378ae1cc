import { ConfigError, ExecutionError } from '@sluice/contracts';
import type {
  ColumnDefinition,
  ConnectorContext,
  InputRange,
  InputSplit,
  Row,
  SplitPlan,
  SplitPlanningOptions,
  SplittableConnector,
  TableDefinition,
} from '@sluice/engine';
import { compileRecordDecoder, KAFKA_FIXED_COLUMNS } from './kafka-record-decoder';
import { KafkaRangeClient, type FetchedRecord, type PartitionOffsets } from './kafka-range-client';
import { parseSparkKafkaOptions, type OffsetSpec, type SparkKafkaOptions } from './spark-kafka-options';

/** One Kafka client per broker list, shared by every table and task of a process; closed by its owner. */
export class KafkaRangeClients {
  private readonly clients = new Map<string, KafkaRangeClient>();

  /** `defaultBrokers`: used by tables without 'kafka.bootstrap.servers' (the runner's KAFKA_BROKERS). */
  constructor(readonly defaultBrokers: readonly string[] = []) {}

  client(brokers: readonly string[]): KafkaRangeClient {
    const list = brokers.length > 0 ? brokers : this.defaultBrokers;
    if (list.length === 0)
      throw new ConfigError(
        `no Kafka brokers: set 'kafka.bootstrap.servers' on the table or KAFKA_BROKERS for the runner`,
      );
    const key = [...list].sort().join(',');
    let client = this.clients.get(key);
    if (!client) {
      client = KafkaRangeClient.create(list);
      this.clients.set(key, client);
    }
    return client;
  }

  async close(): Promise<void> {
    const clients = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(clients.map((c) => c.close()));
  }
}

/** What one split reads: offsets [start, end) of one partition. */
interface KafkaSplitSpec {
  readonly topic: string;
  readonly partition: number;
  readonly start: number;
  readonly end: number;
}

const FETCH_MAX_BYTES = 8 << 20;
const MAX_EMPTY_FETCHES = 50;

/**
 * Spark's Kafka source for batch queries (`USING kafka OPTIONS (kafka.bootstrap.servers,
 * subscribe | subscribePattern | assign, startingOffsets, endingOffsets, minPartitions,
 * failOnDataLoss)`): a bounded offset range per partition, one split per partition (more with
 * minPartitions), read without a consumer group. Sluice extensions: 'sluice.incremental' 'true'
 * reads from where the job's previous successful run stopped (Trigger.AvailableNow), and with
 * declared columns the value is decoded as JSON ('format' 'json' or 'sluice-envelope').
 */
export function sparkKafkaSource(clients: KafkaRangeClients): SplittableConnector {
  return {
    name: 'kafka',
    validate: (table) => void parseSparkKafkaOptions(table),
    fixedColumns: (table) => (table.columns.length === 0 ? [...KAFKA_FIXED_COLUMNS] : undefined),
    inferColumns: async (): Promise<ColumnDefinition[]> => [...KAFKA_FIXED_COLUMNS],
    planSplits: (table, _ctx, options) =>
      planKafkaSplits(clients, table, parseSparkKafkaOptions(table), options),
    createSplitSource: (table, ctx, split) => ({
      readAll: () => readSplit(clients, table, ctx, split.spec as KafkaSplitSpec),
    }),
    createBoundedSource: (table, ctx) => ({
      readAll: async () => {
        const plan = await planKafkaSplits(clients, table, parseSparkKafkaOptions(table), {});
        const rows: Row[] = [];
        for (const split of plan.splits)
          for (const row of await readSplit(clients, table, ctx, split.spec as KafkaSplitSpec))
            rows.push(row);
        return rows;
      },
    }),
  };
}

async function planKafkaSplits(
  clients: KafkaRangeClients,
  table: TableDefinition,
  o: SparkKafkaOptions,
  planning: SplitPlanningOptions,
): Promise<SplitPlan> {
  const client = clients.client(o.brokers);
  const replay = new Map((planning.replay ?? []).map((r) => [r.key, r]));
  const ranges: InputRange[] = [];
  for (const [topic, partitions] of await selectedPartitions(client, o)) {
    const offsets = await client.offsets(topic);
    for (const partition of partitions) {
      const bounds = offsets.find((p) => p.partition === partition);
      if (!bounds)
        throw new ConfigError(
          `table '${table.name}' (kafka): topic '${topic}' has no partition ${partition}`,
          { position: table.pos },
        );
      const key = `${topic}/${partition}`;
      const replayed = replay.get(key);
      const range = replayed ?? rangeOf(table, o, key, bounds, planning.resumeFrom?.get(key));
      ranges.push({ key, start: String(range.start), end: String(range.end) });
    }
  }
  return {
    splits: splitRanges(ranges, o.minPartitions),
    ranges,
    isIncremental: o.isIncremental,
    rangeScope: 'kafka',
  };
}

async function selectedPartitions(
  client: KafkaRangeClient,
  o: SparkKafkaOptions,
): Promise<Map<string, readonly number[]>> {
  const selected = new Map<string, readonly number[]>();
  if (o.topics.kind === 'assign') return new Map(o.topics.partitions);
  const topics =
    o.topics.kind === 'subscribe'
      ? o.topics.topics
      : (await client.topics()).filter((t) => (o.topics as { pattern: RegExp }).pattern.test(t)).sort();
  for (const topic of topics) selected.set(topic, await client.partitions(topic));
  return selected;
}

/** Start and end of one partition's range: explicit offsets, incremental resume, data-loss checks. */
function rangeOf(
  table: TableDefinition,
  o: SparkKafkaOptions,
  key: string,
  bounds: PartitionOffsets,
  resume: string | undefined,
): { start: number; end: number } {
  const [topic] = key.split('/');
  let start =
    o.isIncremental && resume !== undefined
      ? Number(resume)
      : offsetOf(o.starting, topic!, bounds, 'earliest');
  const end = offsetOf(o.ending, topic!, bounds, 'latest');
  const fail = (message: string) =>
    new ExecutionError('EXECUTION_FAILED', `table '${table.name}' (kafka) ${key}: ${message}`, {
      position: table.pos,
    });
  if (end > bounds.high) throw fail(`endingOffsets ${end} is past the end of the partition (${bounds.high})`);
  if (start < bounds.low) {
    if (o.failOnDataLoss)
      throw fail(
        `offsets ${start} to ${bounds.low - 1} were deleted before they were read (retention); set failOnDataLoss 'false' to skip them`,
      );
    start = bounds.low;
  }
  if (start > end) {
    if (o.failOnDataLoss)
      throw fail(
        `the start offset ${start} is past the end ${end} (was the topic recreated?); set failOnDataLoss 'false' to read from ${end}`,
      );
    start = end;
  }
  return { start, end };
}

function offsetOf(
  spec: OffsetSpec,
  topic: string,
  bounds: PartitionOffsets,
  fallback: 'earliest' | 'latest',
): number {
  const value =
    typeof spec === 'string'
      ? spec
      : (spec.get(topic)?.get(bounds.partition) ?? (fallback === 'earliest' ? -2 : -1));
  if (value === 'earliest' || value === -2) return bounds.low;
  if (value === 'latest' || value === -1) return bounds.high;
  return value;
}

/** One split per non-empty range; with minPartitions, large ranges are cut so there are at least that many. */
function splitRanges(ranges: readonly InputRange[], minPartitions: number): InputSplit[] {
  const nonEmpty = ranges.filter((r) => Number(r.end) > Number(r.start));
  const total = nonEmpty.reduce((sum, r) => sum + Number(r.end) - Number(r.start), 0);
  const target = minPartitions > nonEmpty.length ? total / minPartitions : Infinity;
  const splits: InputSplit[] = [];
  for (const r of nonEmpty) {
    const [topic, partition] = [
      r.key.slice(0, r.key.lastIndexOf('/')),
      Number(r.key.slice(r.key.lastIndexOf('/') + 1)),
    ];
    const start = Number(r.start);
    const end = Number(r.end);
    const parts = Number.isFinite(target) ? Math.max(1, Math.round((end - start) / target)) : 1;
    for (let i = 0; i < parts; i++) {
      const from = start + Math.floor(((end - start) * i) / parts);
      const to = start + Math.floor(((end - start) * (i + 1)) / parts);
      const spec: KafkaSplitSpec = { topic, partition, start: from, end: to };
      splits.push({ key: `${r.key} [${from}, ${to})`, spec });
    }
  }
  return splits;
}

async function readSplit(
  clients: KafkaRangeClients,
  table: TableDefinition,
  ctx: ConnectorContext,
  spec: KafkaSplitSpec,
): Promise<Row[]> {
  const o = parseSparkKafkaOptions(table);
  const decode = compileRecordDecoder(table, o.format, ctx.timeZone, o.ignoreParseErrors);
  const rows: Row[] = [];
  for await (const records of recordBatches(clients.client(o.brokers), spec)) {
    for (const record of records) {
      const row = decode(record, spec.topic, spec.partition);
      if (row) rows.push(row);
    }
  }
  return rows;
}

/**
 * The records of [start, end) of one partition, batch by batch (no control records). The next
 * fetch is sent before a batch is handed out, so the broker works while the caller decodes.
 */
async function* recordBatches(
  client: KafkaRangeClient,
  spec: KafkaSplitSpec,
): AsyncGenerator<FetchedRecord[]> {
  let offset = spec.start;
  let pending =
    offset < spec.end ? client.fetch(spec.topic, spec.partition, offset, FETCH_MAX_BYTES) : undefined;
  try {
    for (let empty = 0; pending;) {
      const records = await pending;
      pending = undefined;
      const next = nextOffset(records, offset, spec.end);
      if (next === offset) {
        // Nothing at or after `offset` yet below `end`: a transaction marker gap or a slow replica.
        if (++empty > MAX_EMPTY_FETCHES)
          throw new ExecutionError(
            'SOURCE_UNAVAILABLE',
            `Kafka ${spec.topic}/${spec.partition}: no records at offset ${offset} although the range ends at ${spec.end}`,
            { retriable: true },
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
        pending = client.fetch(spec.topic, spec.partition, offset, FETCH_MAX_BYTES);
        continue;
      }
      if (next < spec.end) pending = client.fetch(spec.topic, spec.partition, next, FETCH_MAX_BYTES);
      const from = offset;
      yield records.filter((r) => r.offset >= from && r.offset < next && !r.isControl);
      empty = 0;
      offset = next;
    }
  } finally {
    // Stopped early (a decoding error): the prefetch's outcome no longer matters.
    pending?.catch(() => undefined);
  }
}

/** Where reading continues after `records`: past the last one in range, or `end` past a gap. */
function nextOffset(records: readonly FetchedRecord[], offset: number, end: number): number {
  let next = offset;
  for (const record of records) {
    if (record.offset < offset) continue;
    if (record.offset >= end) return end; // a gap (compaction, aborted transactions) up to the end of the range
    next = record.offset + 1;
  }
  return next;
}
