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
    .action(async (o: { events: string; stream: string; topic: string; key: string; time: string }) => {
      const config = loadServiceConfig();
      await runFoundationPipeline(config, { eventsFile: o.events, stream: o.stream, topic: o.topic, keyField: o.key, timeField: o.time }, (l) => process.stdout.write(l + '\n'));
    });
}
