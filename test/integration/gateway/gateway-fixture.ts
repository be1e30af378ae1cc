import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiKey } from '@sluice/contracts/db';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../../../apps/gateway/src/app-tokens';
import { loadConfig } from '../../../apps/gateway/src/config';
import { createGatewayApp } from '../../../apps/gateway/src/gateway-app';
import { readStreamCatalog } from '../../../apps/gateway/src/streams/read-stream-catalog';
import {
  createTestDatabase,
  createTopic,
  testServices,
  uniqueName,
  type TestDatabase,
} from '../../harness/test-context';

/** Partitions of the test streams' topics. */
export const ORDERS_PARTITIONS = 4;
export const PAYMENTS_PARTITIONS = 2;

function streamsYaml(ordersTopic: string, paymentsTopic: string): string {
  return `
streams:
  - name: orders
    topic: ${ordersTopic}
    partitions: ${ORDERS_PARTITIONS}
    key: customerId
    eventTime: ts
    schema:
      type: object
      required: [orderId, customerId, amount, ts]
      additionalProperties: false
      properties:
        eventId: { type: string }
        orderId: { type: string, minLength: 1 }
        customerId: { type: string, minLength: 1 }
        amount: { type: number, minimum: 0 }
        ts: { type: string, format: date-time }
  - name: payments
    topic: ${paymentsTopic}
    partitions: ${PAYMENTS_PARTITIONS}
    key: orderId
    eventTime: at
    schema:
      type: object
      required: [orderId, at]
      properties:
        orderId: { type: string }
        at: { type: integer }
`;
}

export interface GatewayResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

export interface RequestOptions {
  readonly key?: string;
  readonly body?: unknown;
  /** Sent as is when a string; otherwise JSON.stringify(body). */
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/**
 * A gateway on real services for one test file: its own MySQL database (migrated), its own
 * topics, a stream definitions file naming them, listening on a free loopback port.
 */
export class GatewayFixture {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly url: string,
    readonly topics: { readonly orders: string; readonly payments: string },
    private readonly database: TestDatabase,
    private readonly dir: string,
  ) {}

  static async start(env: Record<string, string> = {}): Promise<GatewayFixture> {
    const database = await createTestDatabase();
    const dir = await mkdtemp(join(tmpdir(), 'sluice-gateway-test-'));
    try {
      const topics = { orders: uniqueName('orders'), payments: uniqueName('payments') };
      await createTopic(topics.orders, ORDERS_PARTITIONS);
      await createTopic(topics.payments, PAYMENTS_PARTITIONS);
      const streamsFile = join(dir, 'streams.yaml');
      await writeFile(streamsFile, streamsYaml(topics.orders, topics.payments));
      const config = loadConfig({
        MYSQL_URL: database.url,
        KAFKA_BROKERS: testServices().kafkaBrokers.join(','),
        SLUICE_STREAMS: streamsFile,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'silent',
        ...env,
      });
      const app = await createGatewayApp(config, await readStreamCatalog(streamsFile));
      await app.listen({ port: 0, host: '127.0.0.1' });
      return new GatewayFixture(app, await app.getUrl(), topics, database, dir);
    } catch (error) {
      await database.drop();
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** Stores a new API key with these scopes and returns the token. */
  async createKey(...scopes: string[]): Promise<string> {
    const { token } = await createApiKey(this.app.get<DataSource>(DATA_SOURCE), { scopes, name: 'test' });
    return token;
  }

  async request(method: string, path: string, options: RequestOptions = {}): Promise<GatewayResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      headers['content-type'] ??= options.contentType ?? 'application/json';
    }
    const response = await fetch(`${this.url}${path}`, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {}
    return { status: response.status, headers: response.headers, body: parsed };
  }

  async close(): Promise<void> {
    try {
      await this.app.close();
    } finally {
      await this.database.drop();
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}
