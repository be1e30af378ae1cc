import { ConfigError } from '@sluice/contracts';
import type { TableDefinition } from '@sluice/engine';
import { createPool, type Pool } from 'mysql2/promise';
import {
  isSameServer,
  parseJdbcUrl,
  parseMysqlUrl,
  qualifiedName,
  type MysqlLocation,
} from '../jdbc/mysql-url';

/** Where a `USING jdbc` table lives and who connects, from Spark's options. */
export interface JdbcTarget {
  readonly location: MysqlLocation;
  /** `db`.`table` for dbtable tables; undefined for `query` tables. */
  readonly qualifiedTable?: string;
  /** FROM clause body: `db`.`table` or `(query) AS q`. */
  readonly from: string;
  /** True when the table is on the batch runner's own MySQL server (writes share its transaction). */
  readonly isRunnerServer: boolean;
}

/**
 * mysql2 pools per server, database and user, shared by every jdbc table of a process; closed by
 * its owner. `runnerUrl` (MYSQL_URL) is the server that tables without a 'url' use (a Sluice
 * extension) and whose credentials apply when a table on that server names no user.
 */
export class MysqlPools {
  private readonly pools = new Map<string, Pool>();
  private readonly runner: MysqlLocation | undefined;

  constructor(runnerUrl?: string) {
    this.runner = runnerUrl ? parseMysqlUrl(runnerUrl) : undefined;
  }

  /** Resolves url, dbtable | query, user, password (option keys case-insensitive, as in Spark). */
  target(table: TableDefinition): JdbcTarget {
    const option = (name: string) => [...table.options].find(([k]) => k.toLowerCase() === name)?.[1];
    const fail = (message: string) =>
      new ConfigError(`table '${table.name}' (jdbc): ${message}`, { position: table.pos });
    const url = option('url');
    if (!url && !this.runner) throw fail(`'url' is required (jdbc:mysql://host:port/database)`);
    let location: MysqlLocation;
    try {
      location = url ? parseJdbcUrl(url) : this.runner!;
    } catch (error) {
      throw fail((error as Error).message);
    }
    const query = new URLSearchParams(url?.split('?')[1] ?? '');
    const user = option('user') ?? query.get('user') ?? undefined;
    const password = option('password') ?? query.get('password') ?? undefined;
    const isRunnerServer = this.runner !== undefined && isSameServer(location, this.runner);
    const credentials =
      user !== undefined
        ? { user, password }
        : isRunnerServer
          ? { user: this.runner!.user, password: this.runner!.password }
          : {};
    location = { ...location, ...credentials };
    const dbtable = option('dbtable');
    const sql = option('query');
    if ((dbtable === undefined) === (sql === undefined))
      throw fail(`give exactly one of 'dbtable' or 'query'`);
    if (dbtable !== undefined) {
      const parts = dbtable.split('.');
      const qualified =
        parts.length > 1
          ? qualifiedName(parts[0]!, parts.slice(1).join('.'))
          : qualifiedName(location.database, dbtable);
      return { location, qualifiedTable: qualified, from: qualified, isRunnerServer };
    }
    return { location, from: `(${sql}) AS spark_jdbc_query`, isRunnerServer };
  }

  pool(location: MysqlLocation): Pool {
    const key = JSON.stringify([location.host, location.port, location.database, location.user ?? '']);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = createPool({
        host: location.host,
        port: location.port,
        database: location.database,
        user: location.user,
        password: location.password,
        connectionLimit: 4,
        dateStrings: true,
        supportBigNumbers: true,
        bigNumberStrings: true,
        timezone: 'Z',
        charset: 'utf8mb4',
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.end()));
  }
}
