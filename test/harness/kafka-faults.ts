import { connect } from 'node:net';

/** Kafka API keys that fault tests commonly target (see the Kafka protocol guide). */
export const KafkaApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  SyncGroup: 14,
  InitProducerId: 22,
} as const;

/**
 * Client of the mock broker's control port (test/harness/kafka-mock/mock-broker.c). It speaks
 * TCP rather than stdin so that tests in vitest worker processes, which did not spawn the
 * broker, can inject faults. One short connection per command keeps it stateless.
 */
export class KafkaFaults {
  constructor(
    readonly host: string,
    readonly port: number,
    private readonly timeoutMs = 5_000,
  ) {}

  /** Parses `host:port` as printed by the mock broker and stored in ServiceEndpoints. */
  static fromAddress(address: string): KafkaFaults {
    const colon = address.lastIndexOf(':');
    const port = Number(address.slice(colon + 1));
    if (colon <= 0 || !Number.isInteger(port)) throw new Error(`bad Kafka control address "${address}"`);
    return new KafkaFaults(address.slice(0, colon), port);
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Disconnects the broker and refuses new connections; partition leadership does not move. */
  brokerDown(brokerId: number): Promise<void> {
    return this.run(`broker ${brokerId} down`);
  }

  brokerUp(brokerId: number): Promise<void> {
    return this.run(`broker ${brokerId} up`);
  }

  /** Delays every response of the broker by `ms`. */
  setRtt(brokerId: number, ms: number): Promise<void> {
    return this.run(`rtt ${brokerId} ${ms}`);
  }

  /** The next requests with this API key (any broker) fail with these error codes, one each. */
  pushRequestErrors(apiKey: number, errorCodes: readonly number[]): Promise<void> {
    return this.run(`push_errors ${apiKey} ${errorCodes.join(' ')}`);
  }

  clearRequestErrors(apiKey: number): Promise<void> {
    return this.run(`clear_errors ${apiKey}`);
  }

  /** Replication defaults to min(3, brokers), as for topics created at start. */
  createTopic(name: string, partitions: number, replicationFactor?: number): Promise<void> {
    return this.run(`create_topic ${name} ${partitions}${replicationFactor ? ` ${replicationFactor}` : ''}`);
  }

  setPartitionLeader(topic: string, partition: number, brokerId: number): Promise<void> {
    return this.run(`leader ${topic} ${partition} ${brokerId}`);
  }

  setController(brokerId: number): Promise<void> {
    return this.run(`controller ${brokerId}`);
  }

  ping(): Promise<void> {
    return this.run('ping');
  }

  /** Sends one raw command line; resolves on `ok`, rejects with the broker's `error ...` text. */
  run(command: string): Promise<void> {
    if (/[\r\n]/.test(command)) return Promise.reject(new Error('a control command is a single line'));
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      let received = '';
      const fail = (error: Error): void => {
        socket.destroy();
        reject(error);
      };
      socket.setTimeout(this.timeoutMs, () => fail(new Error(`mock broker did not answer "${command}"`)));
      socket.on('connect', () => socket.write(`${command}\n`));
      socket.on('data', (chunk: Buffer) => {
        received += chunk.toString('utf8');
        const newline = received.indexOf('\n');
        if (newline < 0) return;
        const answer = received.slice(0, newline).trim();
        socket.end();
        if (answer === 'ok') resolve();
        else reject(new Error(`mock broker: "${command}" -> ${answer}`));
      });
      socket.on('error', (error) => fail(new Error(`mock broker control ${this.address}: ${error.message}`)));
      socket.on('close', () => reject(new Error(`mock broker closed the control connection ("${command}")`)));
    });
  }
}
