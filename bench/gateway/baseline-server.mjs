// The benchmark's baseline: a bare Fastify + kafkajs server doing the same produce as the gateway
// (same envelope, key, acks from all in-sync replicas, gzip) with no validation, no auth, no
// logging and no batching across requests: one kafkajs send per request, as a plain service would.
// Env: KAFKA_BROKERS, TOPIC, KEY_FIELD, TIME_FIELD, PORT. Prints "listening <port>" when ready.
import { Buffer } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';

const { KAFKA_BROKERS, TOPIC, KEY_FIELD, TIME_FIELD, PORT } = process.env;
const kafka = new Kafka({
  clientId: 'bench-baseline',
  brokers: KAFKA_BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});
const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
await producer.connect();

const app = Fastify({ bodyLimit: 5 * 1024 * 1024 });
app.get('/health/live', async () => ({ status: 'ok' }));
app.post('/v1/streams/:stream/events', async (request, reply) => {
  const events = Array.isArray(request.body) ? request.body : [request.body];
  const ingestTime = Date.now();
  const eventIds = [];
  const messages = events.map((payload) => {
    const eventId = randomUUID();
    eventIds.push(eventId);
    const key = String(payload[KEY_FIELD]);
    const envelope = {
      eventId,
      stream: request.params.stream,
      key,
      eventTime: Date.parse(payload[TIME_FIELD]),
      ingestTime,
      payload,
      headers: {},
    };
    return { key, value: Buffer.from(JSON.stringify(envelope)) };
  });
  await producer.send({ topic: TOPIC, acks: -1, compression: CompressionTypes.GZIP, messages });
  reply.code(202);
  return { accepted: events.length, eventIds };
});

const stop = async () => {
  await app.close();
  await producer.disconnect();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
await app.listen({ port: Number(PORT), host: '127.0.0.1' });
console.log(`listening ${app.server.address().port}`);
