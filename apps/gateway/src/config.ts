import { ConfigError } from '@sluice/contracts';
import { z } from 'zod';

/**
 * The gateway's whole configuration, read from the environment once (STYLE.md 2.5). Every
 * variable is validated at once and each bad one is named, e.g.
 * `KAFKA_BROKERS: expected host:port[,host:port...]`.
 */
export interface GatewayConfig {
  readonly http: { readonly host: string; readonly port: number; readonly maxBodyBytes: number };
  readonly mysql: { readonly url: string; readonly runMigrations: boolean };
  readonly kafka: {
    readonly brokers: readonly string[];
    readonly clientId: string;
    readonly compression: 'gzip' | 'none';
  };
  /** Path of the stream definitions file (YAML). */
  readonly streamsFile: string;
  readonly ingest: { readonly maxEventsPerRequest: number };
  readonly produce: {
    /** How long a batch waits for more requests before it is sent. */
    readonly lingerMs: number;
    readonly maxBatchBytes: number;
    /** Bytes queued or in flight; past it requests get 429 instead of growing memory. */
    readonly maxBufferedBytes: number;
    readonly maxInFlightBatches: number;
    /** A request whose events Kafka has not acknowledged by then gets 503. */
    readonly timeoutMs: number;
    /** After a broker failure, requests fail fast with 503 for this long before Kafka is probed again. */
    readonly brokerCooldownMs: number;
  };
  readonly auth: { readonly cacheTtlMs: number };
  /** Most runs one backfill request may create. */
  readonly maxBackfillRuns: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly shutdownTimeoutMs: number;
}

const MiB = 1024 * 1024;

function wholeNumber(fallback: number, min: number, max = Number.MAX_SAFE_INTEGER) {
  return z
    .string()
    .regex(/^\d*$/, 'expected a whole number')
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

function flag(fallback: boolean) {
  return z
    .enum(['true', 'false', '1', '0', ''])
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : v === 'true' || v === '1'));
}

const schema = z.object({
  MYSQL_URL: z
    .string({ required_error: 'required, e.g. mysql://user:pass@host:3306/sluice' })
    .regex(/^mysql:\/\/[^:@/]+(:[^@]*)?@[^:/]+:\d+\/\w+/, 'expected mysql://user:pass@host:port/db'),
  KAFKA_BROKERS: z
    .string({ required_error: 'required, e.g. localhost:9092' })
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'expected host:port[,host:port...]'),
  SLUICE_STREAMS: z
    .string({ required_error: 'required: path of the stream definitions file' })
    .min(1, 'must not be empty'),
  PORT: wholeNumber(8080, 0, 65535),
  HOST: z.string().min(1).optional().default('0.0.0.0'),
  KAFKA_CLIENT_ID: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits, . _ - only')
    .optional()
    .default('sluice-gateway'),
  KAFKA_COMPRESSION: z.enum(['gzip', 'none']).optional().default('gzip'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .optional()
    .default('info'),
  GATEWAY_RUN_MIGRATIONS: flag(true),
  GATEWAY_MAX_BODY_BYTES: wholeNumber(5 * MiB, 1024, 256 * MiB),
  GATEWAY_MAX_EVENTS_PER_REQUEST: wholeNumber(10_000, 1, 1_000_000),
  GATEWAY_LINGER_MS: wholeNumber(2, 0, 1000),
  // About 1,000 typical events: kafkajs's cost per record grows past that (it regroups records
  // per partition by copying arrays), and below it the per-request overhead shows.
  GATEWAY_MAX_BATCH_BYTES: wholeNumber(256 * 1024, 1024, 64 * MiB),
  GATEWAY_MAX_BUFFERED_BYTES: wholeNumber(64 * MiB, 64 * 1024, 4096 * MiB),
  GATEWAY_MAX_IN_FLIGHT_BATCHES: wholeNumber(8, 1, 64),
  GATEWAY_PRODUCE_TIMEOUT_MS: wholeNumber(10_000, 100, 300_000),
  GATEWAY_BROKER_COOLDOWN_MS: wholeNumber(2_000, 0, 60_000),
  GATEWAY_AUTH_CACHE_TTL_MS: wholeNumber(10_000, 0, 3_600_000),
  GATEWAY_MAX_BACKFILL_RUNS: wholeNumber(1_000, 1, 100_000),
  GATEWAY_SHUTDOWN_TIMEOUT_MS: wholeNumber(15_000, 0, 600_000),
});

/** Validates `env` and returns a frozen config; throws ConfigError with one detail per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const details = parsed.error.issues.map((issue) => ({
      pointer: issue.path.join('.'),
      message: issue.message,
    }));
    const lines = details.map((d) => `${d.pointer}: ${d.message}`).join('\n');
    throw new ConfigError(`invalid environment:\n${lines}`, { details });
  }
  const e = parsed.data;
  if (e.GATEWAY_MAX_BUFFERED_BYTES < e.GATEWAY_MAX_BODY_BYTES) {
    const message = `must be at least GATEWAY_MAX_BODY_BYTES (${e.GATEWAY_MAX_BODY_BYTES}) or large requests could never be accepted`;
    throw new ConfigError(`invalid environment:\nGATEWAY_MAX_BUFFERED_BYTES: ${message}`, {
      details: [{ pointer: 'GATEWAY_MAX_BUFFERED_BYTES', message }],
    });
  }
  return deepFreeze({
    http: { host: e.HOST, port: e.PORT, maxBodyBytes: e.GATEWAY_MAX_BODY_BYTES },
    mysql: { url: e.MYSQL_URL, runMigrations: e.GATEWAY_RUN_MIGRATIONS },
    kafka: {
      brokers: e.KAFKA_BROKERS.split(','),
      clientId: e.KAFKA_CLIENT_ID,
      compression: e.KAFKA_COMPRESSION,
    },
    streamsFile: e.SLUICE_STREAMS,
    ingest: { maxEventsPerRequest: e.GATEWAY_MAX_EVENTS_PER_REQUEST },
    produce: {
      lingerMs: e.GATEWAY_LINGER_MS,
      maxBatchBytes: e.GATEWAY_MAX_BATCH_BYTES,
      maxBufferedBytes: e.GATEWAY_MAX_BUFFERED_BYTES,
      maxInFlightBatches: e.GATEWAY_MAX_IN_FLIGHT_BATCHES,
      timeoutMs: e.GATEWAY_PRODUCE_TIMEOUT_MS,
      brokerCooldownMs: e.GATEWAY_BROKER_COOLDOWN_MS,
    },
    auth: { cacheTtlMs: e.GATEWAY_AUTH_CACHE_TTL_MS },
    maxBackfillRuns: e.GATEWAY_MAX_BACKFILL_RUNS,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.GATEWAY_SHUTDOWN_TIMEOUT_MS,
  });
}

/** The config with secrets masked, for the start-up log line. */
export function redactedConfig(config: GatewayConfig): GatewayConfig {
  const url = new URL(config.mysql.url);
  if (url.password) url.password = '***';
  return { ...config, mysql: { ...config.mysql, url: url.toString() } };
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value))
    if (typeof child === 'object' && child !== null) deepFreeze(child);
  return Object.freeze(value);
}
