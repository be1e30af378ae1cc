import { createSluiceDataSource } from '@sluice/contracts/db';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CheckpointRepository, type RuleContribution } from '../../../apps/cep-runner/src/checkpoint/checkpoint.repository';
import { FencedError } from '../../../apps/cep-runner/src/checkpoint/fenced.error';
import { createTestDatabase, type TestDatabase } from '../../harness/test-context';
import { migrate, withConnection } from './cep-test-kit';

function contribution(ruleId: string, sql: string, params: unknown[]): RuleContribution {
  return {
    ruleId,
    ruleVersion: 3,
    state: Buffer.from(`state of ${ruleId}`),
    write: async (executor) => {
      await executor.query(sql, params);
      return 1;
    },
  };
}

const OFFSETS = [
  { topic: 't', partition: 0, nextOffset: 42, dedupFromOffset: 40, dedupClockMs: 1_700_000_000_000 },
  { topic: 't', partition: 1, nextOffset: 7, dedupFromOffset: 7, dedupClockMs: 0 },
];

describe(CheckpointRepository.name, () => {
  let database: TestDatabase;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.url);
    await withConnection(database.url, async (c) => {
      await c.query('CREATE TABLE sink_a (k VARCHAR(10) PRIMARY KEY, v INT)');
      await c.query('CREATE TABLE sink_b (k VARCHAR(3) PRIMARY KEY)');
    });
    db = createSluiceDataSource({ url: database.url, poolSize: 4 });
    await db.initialize();
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('commits sink rows, rule state and offsets together, and loads them back', async () => {
    const repository = new CheckpointRepository(db, 'g-load', 'runner-1');
    const claim = await repository.claim();
    const outcome = await repository.commit(claim, { rules: [contribution('r1', 'INSERT INTO sink_a VALUES (?, ?)', ['load', 1])], offsets: OFFSETS });
    expect(outcome).toMatchObject({ checkpointId: 1, failedRules: [], rowsWritten: 1 });
    const loaded = await repository.load();
    expect(loaded.offsets.sort((a, b) => a.partition - b.partition)).toEqual(OFFSETS);
    expect(loaded.states.map((s) => ({ ...s, state: s.state.toString() }))).toEqual([{ ruleId: 'r1', ruleVersion: 3, state: 'state of r1' }]);
    expect(await withConnection(database.url, async (c) => (await c.query("SELECT v FROM sink_a WHERE k = 'load'"))[0])).toEqual([{ v: 1 }]);
  });

  it('refuses the commit of a runner whose claim was taken over, writing nothing', async () => {
    const first = new CheckpointRepository(db, 'g-fence', 'runner-1');
    const second = new CheckpointRepository(db, 'g-fence', 'runner-2');
    const stale = await first.claim();
    const current = await second.claim();
    expect(BigInt(current.epoch)).toBeGreaterThan(BigInt(stale.epoch));
    await expect(first.commit(stale, { rules: [contribution('r1', 'INSERT INTO sink_a VALUES (?, ?)', ['zombie', 1])], offsets: OFFSETS })).rejects.toBeInstanceOf(FencedError);
    expect(await withConnection(database.url, async (c) => (await c.query("SELECT COUNT(*) AS n FROM sink_a WHERE k = 'zombie'"))[0])).toEqual([{ n: '0' }]);
    expect(await second.load()).toEqual({ offsets: [], states: [] });
    await second.commit(current, { rules: [], offsets: OFFSETS });
    expect((await second.load()).offsets).toHaveLength(2);
  });

  it('rolls back only the rule whose rows MySQL rejects, and drops its state', async () => {
    const repository = new CheckpointRepository(db, 'g-savepoint', 'runner-1');
    const claim = await repository.claim();
    const outcome = await repository.commit(claim, {
      rules: [
        contribution('good', 'INSERT INTO sink_a VALUES (?, ?)', ['kept', 7]),
        contribution('bad', 'INSERT INTO sink_b VALUES (?)', ['far too long']),
        contribution('also-good', 'INSERT INTO sink_a VALUES (?, ?)', ['kept-too', 8]),
      ],
      offsets: OFFSETS,
    });
    expect(outcome.failedRules.map((f) => f.ruleId)).toEqual(['bad']);
    expect(String(outcome.failedRules[0].error)).toMatch(/too long/i);
    expect((await repository.load()).states.map((s) => s.ruleId).sort()).toEqual(['also-good', 'good']);
    expect(await withConnection(database.url, async (c) => (await c.query("SELECT k FROM sink_a WHERE k LIKE 'kept%' ORDER BY k"))[0])).toEqual([{ k: 'kept' }, { k: 'kept-too' }]);
  });

  it('keeps nothing of a checkpoint whose transaction fails for another reason', async () => {
    const repository = new CheckpointRepository(db, 'g-atomic', 'runner-1');
    const claim = await repository.claim();
    const failing: RuleContribution = { ruleId: 'r', ruleVersion: 1, state: Buffer.from('x'), write: async () => Promise.reject(new Error('connection lost')) };
    await expect(repository.commit(claim, { rules: [contribution('r0', 'INSERT INTO sink_a VALUES (?, ?)', ['atomic', 1]), failing], offsets: OFFSETS })).rejects.toThrow('connection lost');
    expect(await repository.load()).toEqual({ offsets: [], states: [] });
    expect(await withConnection(database.url, async (c) => (await c.query("SELECT COUNT(*) AS n FROM sink_a WHERE k = 'atomic'"))[0])).toEqual([{ n: '0' }]);
  });
});
