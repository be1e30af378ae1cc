import { Decimal, T } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { compileFromMysql, compileToMysql, mysqlColumnType } from './mysql-types';
import { isSameServer, parseJdbcUrl, parseMysqlUrl } from './mysql-url';

describe('MySQL type mapping', () => {
  it('maps SQL types to MySQL columns, indexable for keys', () => {
    expect([T.string(), T.decimal(10, 2), T.timestamp(3), T.bigint(), T.boolean(), T.array(T.int())].map((t) => mysqlColumnType(t, false))).toEqual(['TEXT', 'DECIMAL(10, 2)', 'DATETIME(3)', 'BIGINT', 'BOOLEAN', 'TEXT']);
    expect(mysqlColumnType(T.string(), true)).toBe('VARCHAR(255)');
  });

  it('writes values exactly and reads them back', () => {
    const cases: [ReturnType<typeof T.string>, unknown, unknown][] = [
      [T.bigint(), 9007199254740993n, '9007199254740993'],
      [T.decimal(12, 2), Decimal.fromString('12.5')!.rescale(2), '12.50'],
      [T.timestamp(3), Date.UTC(2024, 2, 1, 8, 0, 0, 123), '2024-03-01 08:00:00.123'],
      [T.date(), 19783, '2024-03-01'],
      [T.boolean(), true, 1],
      [T.array(T.bigint()), [1n, 2n], '[1,2]'],
      [T.double(), Number.NaN, null],
    ];
    for (const [type, value, param] of cases) expect(compileToMysql(type)(value)).toEqual(param);
    expect(compileFromMysql(T.bigint())('9007199254740993')).toBe(9007199254740993n);
    expect(String(compileFromMysql(T.decimal(12, 2))('12.50'))).toBe('12.50');
    expect(compileFromMysql(T.timestamp(3))(new Date(Date.UTC(2024, 2, 1)))).toBe(Date.UTC(2024, 2, 1));
  });

  it('parses both URL forms and knows loopback names are one server', () => {
    expect(parseJdbcUrl('jdbc:mysql://localhost:3307/shop?useSSL=false')).toEqual({ host: 'localhost', port: 3307, database: 'shop' });
    expect(parseMysqlUrl('mysql://u:p%40ss@127.0.0.1:3307/shop')).toEqual({ host: '127.0.0.1', port: 3307, database: 'shop', user: 'u', password: 'p@ss' });
    expect(isSameServer(parseJdbcUrl('jdbc:mysql://localhost:3307/a'), parseMysqlUrl('mysql://u:p@127.0.0.1:3307/b'))).toBe(true);
    expect(isSameServer(parseJdbcUrl('jdbc:mysql://db:3306/a'), parseMysqlUrl('mysql://u:p@127.0.0.1:3306/b'))).toBe(false);
    expect(() => parseJdbcUrl('postgres://x/y')).toThrow(/jdbc:mysql/);
  });
});
