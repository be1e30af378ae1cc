import { ConfigError } from '@sluice/contracts';
import type { TableDefinition } from '@sluice/engine';

/** Offsets per topic and partition as Spark writes them: {"orders":{"0":23,"1":-2}} (-2 earliest, -1 latest). */
export type OffsetSpec = 'earliest' | 'latest' | ReadonlyMap<string, ReadonlyMap<number, number>>;

export type TopicSelection =
  | { readonly kind: 'subscribe'; readonly topics: readonly string[] }
  | { readonly kind: 'subscribePattern'; readonly pattern: RegExp }
  | { readonly kind: 'assign'; readonly partitions: ReadonlyMap<string, readonly number[]> };

/** Record value formats: Spark's fixed schema, or (Sluice extension, with declared columns) JSON values. */
export type ValueFormat = 'kafka' | 'json' | 'sluice-envelope';

export interface SparkKafkaOptions {
  /** Empty: the runner's default brokers (KAFKA_BROKERS). */
  readonly brokers: readonly string[];
  readonly topics: TopicSelection;
  readonly starting: OffsetSpec;
  readonly ending: OffsetSpec;
  readonly minPartitions: number;
  readonly failOnDataLoss: boolean;
  /** Sluice extension `sluice.incremental`: read from where the job's last successful run stopped. */
  readonly isIncremental: boolean;
  readonly format: ValueFormat;
  readonly ignoreParseErrors: boolean;
}

/** Spark's Kafka source options that are accepted and need nothing from Sluice. */
const IGNORED = new Set([
  'kafkaconsumer.polltimeoutms',
  'fetchoffset.numretries',
  'fetchoffset.retryintervalms',
  'groupidprefix',
]);
const KNOWN = new Set([
  'connector',
  'kafka.bootstrap.servers',
  'subscribe',
  'subscribepattern',
  'assign',
  'startingoffsets',
  'endingoffsets',
  'minpartitions',
  'failondataloss',
  'sluice.incremental',
  'format',
  'json.ignore-parse-errors',
]);

/**
 * Reads and checks a `USING kafka OPTIONS (...)` table's options with Spark's names (no I/O).
 * Option keys are case-insensitive, as in Spark.
 */
export function parseSparkKafkaOptions(table: TableDefinition): SparkKafkaOptions {
  const options = new Map([...table.options].map(([k, v]) => [k.toLowerCase(), v]));
  const fail = (message: string) =>
    new ConfigError(`table '${table.name}' (kafka): ${message}`, { position: table.pos });
  for (const key of options.keys()) {
    if (key === 'maxoffsetspertrigger' || key === 'includeheaders')
      throw fail(`option '${key}' is not supported yet`);
    if (!KNOWN.has(key) && !IGNORED.has(key) && !key.startsWith('kafka.'))
      throw fail(
        `unknown option '${key}' (Spark's Kafka source options: subscribe, assign, subscribePattern, startingOffsets, endingOffsets, minPartitions, failOnDataLoss, kafka.*)`,
      );
  }
  const selections = ['subscribe', 'subscribepattern', 'assign'].filter((k) => options.has(k));
  if (selections.length !== 1) throw fail(`give exactly one of 'subscribe', 'subscribePattern' or 'assign'`);
  const isIncremental = flag(options.get('sluice.incremental'), false, 'sluice.incremental', fail);
  const starting = offsetSpec(options.get('startingoffsets') ?? 'earliest', 'startingOffsets', fail);
  if (starting === 'latest' && !isIncremental)
    throw fail(
      `startingOffsets 'latest' reads nothing in a batch query; use it with 'sluice.incremental' 'true' to start from now on`,
    );
  const ending = offsetSpec(options.get('endingoffsets') ?? 'latest', 'endingOffsets', fail);
  if (ending === 'earliest')
    throw fail(`endingOffsets 'earliest' is not allowed for batch queries (Spark's rule)`);
  const minPartitions = Number(options.get('minpartitions') ?? '0');
  if (!Number.isInteger(minPartitions) || minPartitions < 0)
    throw fail(`minPartitions must be a positive whole number`);
  const declared = table.columns.length > 0 && table.columns.some((c) => c.metadataKey === undefined);
  const format = (options.get('format') ?? (declared ? 'json' : 'kafka')).toLowerCase();
  if (format !== 'json' && format !== 'sluice-envelope' && format !== 'kafka')
    throw fail(
      `format must be 'kafka' (Spark's fixed columns key, value, topic, partition, offset, timestamp, timestampType), or 'json' / 'sluice-envelope' (Sluice extensions decoding the value into declared columns)`,
    );
  if (format !== 'kafka' && table.columns.length === 0)
    throw fail(
      `format '${format}' decodes values into declared columns: declare them, e.g. (product STRING, amount DOUBLE)`,
    );
  return {
    brokers: (options.get('kafka.bootstrap.servers') ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
    topics: topicSelection(options, selections[0]!, fail),
    starting,
    ending,
    minPartitions,
    failOnDataLoss: flag(options.get('failondataloss'), true, 'failOnDataLoss', fail),
    isIncremental,
    format: format as ValueFormat,
    ignoreParseErrors: flag(options.get('json.ignore-parse-errors'), false, 'json.ignore-parse-errors', fail),
  };
}

function topicSelection(
  options: Map<string, string>,
  key: string,
  fail: (m: string) => Error,
): TopicSelection {
  const value = options.get(key)!;
  if (key === 'subscribe') {
    const topics = value
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (topics.length === 0) throw fail(`'subscribe' names no topic`);
    return { kind: 'subscribe', topics };
  }
  if (key === 'subscribepattern') {
    try {
      return { kind: 'subscribePattern', pattern: new RegExp(`^(?:${value})$`) };
    } catch (error) {
      throw fail(`'subscribePattern' is not a regular expression: ${(error as Error).message}`);
    }
  }
  const parsed = parseJsonObject(value, 'assign', fail);
  const partitions = new Map<string, number[]>();
  for (const [topic, list] of Object.entries(parsed)) {
    if (!Array.isArray(list) || !list.every((p) => Number.isInteger(p) && p >= 0))
      throw fail(`'assign' must look like {"topic":[0,1]}`);
    partitions.set(topic, list as number[]);
  }
  return { kind: 'assign', partitions };
}

function offsetSpec(value: string, name: string, fail: (m: string) => Error): OffsetSpec {
  const lower = value.trim().toLowerCase();
  if (lower === 'earliest' || lower === 'latest') return lower;
  const parsed = parseJsonObject(value, name, fail);
  const spec = new Map<string, Map<number, number>>();
  for (const [topic, partitions] of Object.entries(parsed)) {
    if (typeof partitions !== 'object' || partitions === null || Array.isArray(partitions))
      throw fail(`'${name}' must look like {"topic":{"0":23,"1":-2}}`);
    const offsets = new Map<number, number>();
    for (const [partition, offset] of Object.entries(partitions as Record<string, unknown>)) {
      if (!/^\d+$/.test(partition) || !Number.isInteger(offset) || (offset as number) < -2)
        throw fail(`'${name}': offsets are whole numbers, -2 for earliest, -1 for latest`);
      offsets.set(Number(partition), offset as number);
    }
    spec.set(topic, offsets);
  }
  return spec;
}

function parseJsonObject(value: string, name: string, fail: (m: string) => Error): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw fail(`'${name}' must be 'earliest', 'latest' or a JSON object`);
}

function flag(
  value: string | undefined,
  fallback: boolean,
  name: string,
  fail: (m: string) => Error,
): boolean {
  if (value === undefined) return fallback;
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw fail(`'${name}' must be 'true' or 'false'`);
  return lower === 'true';
}
