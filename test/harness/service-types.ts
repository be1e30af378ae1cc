import type { KafkaFaults } from './kafka-faults';
import type { TopicSpec } from './topic-spec';

/** How the services were obtained; see DESIGN.md "Services, tests and CI". */
export type ServicesMode = 'external' | 'containers' | 'local';

/** What a test needs to reach the services. Plain data: it crosses to vitest workers via provide/inject. */
export interface ServiceEndpoints {
  readonly mode: ServicesMode;
  /** mysql://user:pass@host:port/db; the user may create and drop databases. */
  readonly mysqlUrl: string;
  readonly redisUrl: string;
  readonly kafkaBrokers: string[];
  /** host:port of the mock broker's control port; null when the broker cannot inject faults. */
  readonly kafkaControl: string | null;
}

export interface ServicesOptions {
  /** Topics to create before returning (the mock broker has no CreateTopics API). */
  readonly topics?: readonly TopicSpec[];
  /** Brokers of the local mock cluster (default 3). */
  readonly kafkaBrokerCount?: number;
  /** Skip detection and force one way of getting services (default: detect). */
  readonly mode?: ServicesMode;
}

/** Services that are up; stop() releases whatever this run started (nothing, for external ones). */
export interface StartedServices extends ServiceEndpoints {
  /** Fault injection; undefined unless the Kafka broker is the local mock cluster. */
  readonly kafka: KafkaFaults | undefined;
  stop(): Promise<void>;
}
