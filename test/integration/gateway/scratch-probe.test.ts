import { CompressionTypes, logLevel, Partitioners } from 'kafkajs';
import { it } from 'vitest';
import { createTopic, kafkaFaults, testKafka, uniqueName } from '../../harness/test-context';

it('probe', async () => {
  const kafka = testKafka({ logLevel: logLevel.NOTHING, retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 300 } });
  const admin = kafka.admin();
  await admin.connect();
  const missing = uniqueName('missing');
  try { await admin.fetchTopicMetadata({ topics: [missing] }); console.log('fetch missing ok?'); } catch (e: any) { console.log('fetch missing', e.name, e.type, e.message); }
  console.log('topics after', (await admin.listTopics()).includes(missing));
  try { await admin.createTopics({ topics: [{ topic: missing, numPartitions: 2 }] }); console.log('create ok'); } catch (e: any) { console.log('create', e.name, e.type, e.message); }
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner, allowAutoTopicCreation: false, retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 300 } });
  await producer.connect();
  let t = Date.now();
  try { await producer.send({ topic: uniqueName('missing2'), acks: -1, messages: [{ value: 'x' }] }); console.log('send missing ok'); } catch (e: any) { console.log('send missing', Date.now() - t, e.name, e.type, e.message, e.cause?.name, e.cause?.type); }
  const topic = await createTopic(uniqueName('t'), 3);
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  const leader = md.topics[0]!.partitions[0]!.leader;
  console.log('leaders', md.topics[0]!.partitions.map((p) => p.leader));
  await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: [{ key: 'a', value: 'x' }] });
  const faults = kafkaFaults()!;
  await faults.brokerDown(leader);
  console.log('down', leader);
  await new Promise((r) => setTimeout(r, 500));
  for (let i = 0; i < 3; i++) {
    t = Date.now();
    try { const r = await producer.send({ topic, acks: -1, messages: [{ partition: 0, key: 'a', value: 'x' }, { partition: 1, key: 'b', value: 'y' }, { partition: 2, key: 'c', value: 'z' }] }); console.log('send during ok', Date.now() - t, JSON.stringify(r)); } catch (e: any) { console.log('send during', Date.now() - t, e.name, e.type, e.retriable, e.message, e.cause?.name, e.cause?.type); }
  }
  try { t = Date.now(); await admin.describeCluster(); console.log('describe ok', Date.now() - t); } catch (e: any) { console.log('describe', e.name, e.message); }
  await faults.brokerUp(leader);
  t = Date.now();
  try { await producer.send({ topic, acks: -1, messages: [{ key: 'a', value: 'x' }] }); console.log('send after ok', Date.now() - t); } catch (e: any) { console.log('send after', e.name, e.message); }
  await producer.disconnect();
  await admin.disconnect();
}, 60000);
