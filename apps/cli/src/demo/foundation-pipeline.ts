import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { encodeEnvelope, decodeEnvelope, type EventEnvelope } from '@sluice/contracts';
import { createSluiceDataSource } from '@sluice/contracts/db';
import { Kafka, logLevel, CompressionTypes } from 'kafkajs';
import type { CliServiceConfig } from '../config';

export interface PipelineOptions {
  readonly eventsFile: string;
  readonly stream: string;
  readonly topic: string;
  readonly keyField: string;
  readonly timeField: string;
  /** False when the events were already posted through the gateway: only consume and count. */
  readonly produce: boolean;
}

/**
 * The foundation demo: events file -> Kafka (acks from all replicas) -> consumer group ->
 * per-key counts committed to MySQL together with nothing else yet. Prints the counts table.
 * The real pipeline (gateway, CEP runner) replaces this as those issues land.
 */
export async function runFoundationPipeline(config: CliServiceConfig, o: PipelineOptions, print: (line: string) => void): Promise<void> {
  const lines = (await readFile(o.eventsFile, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  const events: EventEnvelope[] = lines.map((line, i) => {
    const payload = JSON.parse(line) as Record<string, unknown>;
    const time = Date.parse(String(payload[o.timeField]));
    if (Number.isNaN(time)) throw new Error(`${o.eventsFile}:${i + 1}: '${o.timeField}' is not a timestamp`);
    return { eventId: randomUUID(), stream: o.stream, key: String(payload[o.keyField]), eventTime: time, ingestTime: Date.now(), payload, headers: {} };
  });
  const kafka = new Kafka({ clientId: 'sluice-demo', brokers: [...config.kafkaBrokers], logLevel: logLevel.NOTHING });
  if (o.produce) {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: o.topic, acks: -1, compression: CompressionTypes.GZIP, messages: events.map((e) => ({ key: e.key, value: encodeEnvelope(e) })) });
    await producer.disconnect();
    print(`produced ${events.length} events to ${o.topic}`);
  }

  const counts = new Map<string, number>();
  const consumer = kafka.consumer({ groupId: `sluice-demo-${randomUUID()}`, sessionTimeout: 6000, heartbeatInterval: 300 });
  await consumer.connect();
  await consumer.subscribe({ topic: o.topic, fromBeginning: true });
  let consumed = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`consumed only ${consumed} of ${events.length} events within 60 s`)), 60_000);
    consumer
      .run({
        eachMessage: async ({ message }) => {
          const e = decodeEnvelope(message.value);
          if (!e || e.stream !== o.stream) return;
          counts.set(e.key ?? '', (counts.get(e.key ?? '') ?? 0) + 1);
          if (++consumed >= events.length) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  print(`consumed ${consumed} events from Kafka topic ${o.topic}`);

  const db = createSluiceDataSource({ url: config.mysqlUrl, poolSize: 2 });
  await db.initialize();
  try {
    await db.runMigrations();
    await db.transaction(async (tx) => {
      await tx.query('DELETE FROM demo_stream_counts WHERE stream = ?', [o.stream]);
      for (const [key, n] of counts) await tx.query('INSERT INTO demo_stream_counts (stream, event_key, event_count) VALUES (?, ?, ?)', [o.stream, key, n]);
    });
    const rows: { event_key: string; event_count: string }[] = await db.query('SELECT event_key, event_count FROM demo_stream_counts WHERE stream = ? ORDER BY event_key', [o.stream]);
    print(`MySQL demo_stream_counts for stream '${o.stream}':`);
    for (const r of rows) print(`  ${r.event_key.padEnd(12)} ${r.event_count}`);
  } finally {
    await db.destroy();
  }
}
