import {
  Global,
  Inject,
  Logger,
  Module,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { StreamCatalog } from '@sluice/contracts';
import { APP_CONFIG, STREAM_CATALOG } from '../app-tokens';
import type { GatewayConfig } from '../config';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { BrokerCircuit } from './broker-circuit';
import { KafkaAdapter } from './kafka.adapter';
import { ProduceBatcher } from './produce-batcher';

const logger = new Logger('Produce');

function createBatcher(config: GatewayConfig, kafka: KafkaAdapter, metrics: GatewayMetrics): ProduceBatcher {
  const circuit = new BrokerCircuit(
    config.produce.brokerCooldownMs,
    config.produce.timeoutMs,
    Date.now,
    (state, reason) => {
      if (state === 'open')
        logger.warn(
          `Kafka outage: answering 503 for ${config.produce.brokerCooldownMs} ms, then probing (${reason})`,
        );
      else logger.log('Kafka acknowledges again: accepting events');
    },
  );
  return new ProduceBatcher(kafka, circuit, config.produce, metrics);
}

/**
 * Kafka for the app: the adapter, the cross-request batcher and its circuit. Connects before
 * the gateway listens; on shutdown (after the HTTP server stopped taking requests) it sends
 * what was accepted, waits for the acks, then disconnects.
 */
@Global()
@Module({
  providers: [
    {
      provide: KafkaAdapter,
      inject: [APP_CONFIG],
      useFactory: (config: GatewayConfig) => new KafkaAdapter(config),
    },
    {
      provide: ProduceBatcher,
      inject: [APP_CONFIG, KafkaAdapter, GatewayMetrics],
      useFactory: createBatcher,
    },
  ],
  exports: [KafkaAdapter, ProduceBatcher],
})
export class KafkaModule implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    @Inject(STREAM_CATALOG) private readonly catalog: StreamCatalog,
    private readonly kafka: KafkaAdapter,
    private readonly batcher: ProduceBatcher,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.kafka.connect();
    try {
      await this.kafka.checkTopics(this.catalog.streams);
    } catch (error) {
      logger.warn(`could not check the streams' topics: ${(error as Error).message}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const { isComplete } = await this.batcher.drain(this.config.shutdownTimeoutMs);
    if (!isComplete)
      logger.error(
        `Kafka did not acknowledge every accepted request within ${this.config.shutdownTimeoutMs} ms`,
      );
    await this.kafka.disconnect();
  }
}
