import { ConfigError } from '@sluice/contracts';

/** Where a MySQL database lives, from either URL form Sluice meets. */
export interface MysqlLocation {
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user?: string;
  readonly password?: string;
}

const JDBC_URL = /^jdbc:mysql:\/\/([^/:?]+|\[[^\]]+\])(?::(\d+))?\/([^?/]+)(?:\?.*)?$/;

/** `jdbc:mysql://host[:port]/db[?params]` (Flink's jdbc 'url' option). */
export function parseJdbcUrl(url: string, option = 'url'): MysqlLocation {
  const m = JDBC_URL.exec(url.trim());
  if (!m) throw new ConfigError(`'${option}' must look like jdbc:mysql://host:port/database, got '${url}'`);
  return { host: m[1], port: m[2] ? Number(m[2]) : 3306, database: decodeURIComponent(m[3]) };
}

/** `mysql://user:pass@host:port/db` (MYSQL_URL). */
export function parseMysqlUrl(url: string): MysqlLocation {
  const u = new URL(url);
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''));
  if (u.protocol !== 'mysql:' || !database) throw new ConfigError(`expected mysql://user:pass@host:port/db, got '${url.replace(/:[^:@/]*@/, ':***@')}'`);
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 3306,
    database,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
  };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** True when both name the same server (loopback names are one host). */
export function isSameServer(a: MysqlLocation, b: MysqlLocation): boolean {
  const host = (h: string) => (LOOPBACK.has(h.toLowerCase()) ? 'localhost' : h.toLowerCase());
  return host(a.host) === host(b.host) && a.port === b.port;
}

/** `db`.`table` with backquotes doubled, for SQL text. */
export function qualifiedName(database: string, table: string): string {
  return `${quoteName(database)}.${quoteName(table)}`;
}

export function quoteName(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
