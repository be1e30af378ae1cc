import { createSluiceDataSource, DemoStreamCount } from '@sluice/contracts/db';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../harness/test-context';

describe('MySQL from the harness', () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  /** Counts rows through a separate connection, i.e. what other sessions can see. */
  async function countFromOutside(stream: string): Promise<number> {
    const connection = await createConnection(database.url);
    try {
      const [rows] = await connection.query('SELECT COUNT(*) AS n FROM demo_stream_counts WHERE stream = ?', [
        stream,
      ]);
      return Number((rows as Array<{ n: number | string }>)[0]!.n);
    } finally {
      await connection.end();
    }
  }

  beforeAll(async () => {
    // A database of its own, so this file never sees another file's tables.
    database = await createTestDatabase();
    dataSource = createSluiceDataSource({ url: database.url, poolSize: 2 });
    await dataSource.initialize();
    await dataSource.runMigrations();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('runs the Sluice migrations, creating demo_stream_counts', async () => {
    const tables = (await dataSource.query(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name',
      [database.name],
    )) as Array<{ name: string }>;
    // Other issues add their own tables; these two prove the migration ran and was recorded.
    expect(tables.map((table) => table.name)).toEqual(expect.arrayContaining(['demo_stream_counts', 'sluice_migrations']));
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('makes the row of a committed transaction visible to other connections', async () => {
    await dataSource.transaction(async (manager) => {
      await manager.insert(DemoStreamCount, { stream: 'committed', eventKey: 'k1', eventCount: 3 });
    });

    expect(await countFromOutside('committed')).toBe(1);
    const row = await dataSource
      .getRepository(DemoStreamCount)
      .findOneByOrFail({ stream: 'committed', eventKey: 'k1' });
    expect(row.eventCount).toBe(3);
  });

  it('discards the row of a rolled-back transaction', async () => {
    const runner = dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await runner.manager.insert(DemoStreamCount, { stream: 'rolled-back', eventKey: 'k1', eventCount: 1 });
      // Visible inside the transaction, so it is the rollback that removes it.
      expect(await runner.manager.countBy(DemoStreamCount, { stream: 'rolled-back' })).toBe(1);
      await runner.rollbackTransaction();
    } finally {
      await runner.release();
    }

    expect(await countFromOutside('rolled-back')).toBe(0);
  });
});
