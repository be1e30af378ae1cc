import type { Command } from 'commander';
import { loadServiceConfig } from '../config';
import { runFoundationPipeline } from '../demo/foundation-pipeline';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo-pipeline')
    .description('replay an events file through Kafka into MySQL and print per-key counts (needs MYSQL_URL, KAFKA_BROKERS)')
    .requiredOption('--events <file>', 'NDJSON events file')
    .option('--stream <name>', 'stream name', 'orders')
    .option('--topic <topic>', 'Kafka topic', 'sluice.orders')
    .option('--key <field>', 'key field of the events', 'customerId')
    .option('--time <field>', 'event-time field of the events', 'ts')
    .option('--consume-only', 'the events are already in Kafka (posted through the gateway)')
    .action(async (o: { events: string; stream: string; topic: string; key: string; time: string; consumeOnly?: boolean }) => {
      const config = loadServiceConfig();
      const options = { eventsFile: o.events, stream: o.stream, topic: o.topic, keyField: o.key, timeField: o.time, produce: !o.consumeOnly };
      await runFoundationPipeline(config, options, (l) => process.stdout.write(l + '\n'));
    });
}
