import { SluiceError } from '@sluice/contracts';
import { createRequire } from 'node:module';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { MysqlLocation } from './mysql-url';

/**
 * The worker's program, kept as source so it runs the same from TypeScript (tests, vite-node)
 * and from the build. It owns one mysql2 connection (reconnecting after errors) and answers each
 * query on the reply port, then wakes the waiting caller through the shared flag.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const mysql = require(workerData.mysql2);
const flag = new Int32Array(workerData.flag);
const reply = workerData.reply;
let connection;
parentPort.on('message', async ({ sql, params }) => {
  try {
    connection ??= await mysql.createConnection(workerData.config);
    const [rows] = await connection.query({ sql, values: params, rowsAsArray: true });
    reply.postMessage({ rows });
  } catch (error) {
    try { connection?.destroy(); } catch {}
    connection = undefined;
    reply.postMessage({ error: String(error && error.message || error), errno: error && error.errno, fatal: Boolean(error && error.fatal) });
  }
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
});
`;

/**
 * Synchronous MySQL queries for the engine's synchronous lookup joins: the query runs on a
 * worker thread while the caller blocks on Atomics.wait (the synckit technique). Only lookup
 * misses come here; the PARTIAL cache in front of it answers the rest without blocking.
 */
export class SyncMysqlClient {
  private readonly worker: Worker;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly reply: MessagePort;

  constructor(
    location: MysqlLocation,
    private readonly timeoutMs = 10_000,
  ) {
    const { port1, port2 } = new MessageChannel();
    this.reply = port1;
    const config = {
      host: location.host,
      port: location.port,
      user: location.user,
      password: location.password,
      database: location.database,
      supportBigNumbers: true,
      bigNumberStrings: true,
      timezone: 'Z',
      connectTimeout: Math.min(timeoutMs, 5_000),
    };
    const mysql2 = createRequire(__filename).resolve('mysql2/promise');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { mysql2, config, flag: this.flag.buffer, reply: port2 }, transferList: [port2] });
    this.worker.unref();
  }

  /** Rows as arrays of column values (mysql2 types: BIGINT/DECIMAL as strings, DATETIME as Date). */
  query(sql: string, params: readonly unknown[]): unknown[][] {
    Atomics.store(this.flag, 0, 0);
    this.worker.postMessage({ sql, params });
    if (Atomics.wait(this.flag, 0, 0, this.timeoutMs) === 'timed-out') {
      throw new SluiceError('SOURCE_UNAVAILABLE', `lookup query timed out after ${this.timeoutMs} ms`);
    }
    const message = receiveMessageOnPort(this.reply)?.message as { rows?: unknown[][]; error?: string; errno?: number; fatal?: boolean } | undefined;
    if (!message) throw new SluiceError('SOURCE_UNAVAILABLE', 'lookup query got no answer');
    if (message.error === undefined) return message.rows!;
    // MySQL refusing the statement (no such table or column) will not get better by retrying.
    const isStatementError = typeof message.errno === 'number' && message.errno < 2000 && !message.fatal && ![1040, 1053, 1205, 1213].includes(message.errno);
    throw new SluiceError(isStatementError ? 'EXECUTION_FAILED' : 'SOURCE_UNAVAILABLE', `lookup query failed: ${message.error}`);
  }

  async close(): Promise<void> {
    this.reply.close();
    await this.worker.terminate();
  }
}
