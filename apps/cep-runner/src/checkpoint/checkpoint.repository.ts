import type { SqlExecutor } from '@sluice/connectors';
import type { DataSource, QueryRunner } from 'typeorm';
import { FencedError } from './fenced.error';
import { isStatementDataError } from './mysql-errors';

/** Where one partition resumes (see CepPartitionOffset). */
export interface StoredOffset {
  readonly topic: string;
  readonly partition: number;
  readonly nextOffset: number;
  readonly dedupFromOffset: number;
  readonly dedupClockMs: number;
}

export interface StoredRuleState {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly state: Buffer;
}

/** A rule as the gateway stored it (sluice_rules). */
export interface RuleRecord {
  readonly id: string;
  readonly sql: string;
  readonly enabled: boolean;
  readonly version: number;
  readonly status: string;
}

/** What one rule adds to a checkpoint: its state and a function writing its sink rows. */
export interface RuleContribution {
  readonly ruleId: string;
  readonly ruleVersion: number;
  readonly state: Uint8Array;
  write(executor: SqlExecutor): Promise<number>;
}

export interface CheckpointData {
  readonly rules: readonly RuleContribution[];
  readonly offsets: readonly StoredOffset[];
}

export interface CommitOutcome {
  readonly checkpointId: number;
  /** Rules whose rows MySQL refused (data errors): left out of the checkpoint, to be failed. */
  readonly failedRules: readonly { readonly ruleId: string; readonly error: unknown }[];
  readonly rowsWritten: number;
}

/** A claim of the group's checkpoints: the fencing token every commit checks. */
export interface Claim {
  readonly epoch: string;
  readonly checkpointId: number;
}

const OFFSET_ROWS_PER_STATEMENT = 500;

/**
 * MySQL access of the CEP runner: the checkpoint tables (DESIGN.md, data flow point 2) and the
 * rules the gateway stores. A checkpoint is ONE transaction: lock the group's head row and
 * check the epoch, write every rule's sink rows (each under a savepoint, so one rule's bad row
 * fails that rule only), upsert the rules' state and the partitions' next offsets, bump the
 * checkpoint number, commit.
 */
export class CheckpointRepository {
  constructor(
    private readonly db: DataSource,
    readonly groupId: string,
    private readonly owner: string,
  ) {}

  /** Takes the group's checkpoints over: bumps the epoch, so earlier holders are fenced. */
  async claim(now = new Date()): Promise<Claim> {
    return this.inTransaction(async (q) => {
      await q.query(
        `INSERT INTO sluice_cep_checkpoints (group_id, epoch, owner, checkpoint_id, claimed_at) VALUES (?, 1, ?, 0, ?)
         ON DUPLICATE KEY UPDATE epoch = epoch + 1, owner = VALUES(owner), claimed_at = VALUES(claimed_at)`,
        [this.groupId, this.owner, now],
      );
      const [head] = (await q.query('SELECT epoch, checkpoint_id FROM sluice_cep_checkpoints WHERE group_id = ?', [this.groupId])) as { epoch: string; checkpoint_id: string }[];
      return { epoch: String(head.epoch), checkpointId: Number(head.checkpoint_id) };
    });
  }

  async load(): Promise<{ offsets: StoredOffset[]; states: StoredRuleState[] }> {
    const offsets = (await this.db.query('SELECT topic, partition_id, next_offset, dedup_from_offset, dedup_clock_ms FROM sluice_cep_offsets WHERE group_id = ?', [this.groupId])) as Record<string, string | number>[];
    const states = (await this.db.query('SELECT rule_id, rule_version, state FROM sluice_cep_rule_states WHERE group_id = ?', [this.groupId])) as { rule_id: string; rule_version: number; state: Buffer }[];
    return {
      offsets: offsets.map((o) => ({
        topic: String(o.topic),
        partition: Number(o.partition_id),
        nextOffset: Number(o.next_offset),
        dedupFromOffset: Number(o.dedup_from_offset),
        dedupClockMs: Number(o.dedup_clock_ms),
      })),
      states: states.map((s) => ({ ruleId: s.rule_id, ruleVersion: Number(s.rule_version), state: s.state })),
    };
  }

  async listRules(): Promise<RuleRecord[]> {
    const rows = (await this.db.query('SELECT id, sql_text, enabled, version, status FROM sluice_rules ORDER BY id')) as Record<string, unknown>[];
    return rows.map((r) => ({ id: String(r.id), sql: String(r.sql_text), enabled: Number(r.enabled) === 1 || r.enabled === true, version: Number(r.version), status: String(r.status) }));
  }

  /** Reports a rule's status to the gateway; a newer version of the rule is never overwritten. */
  async setRuleStatus(ruleId: string, version: number, status: 'running' | 'failed' | 'stopped', detail: string | null): Promise<void> {
    await this.db.query('UPDATE sluice_rules SET status = ?, status_detail = ? WHERE id = ? AND version = ?', [status, detail?.slice(0, 60_000) ?? null, ruleId, version]);
  }

  /** Runs DDL (CREATE TABLE of sinks) outside any checkpoint: DDL commits implicitly in MySQL. */
  async execute(sql: string): Promise<void> {
    await this.db.query(sql);
  }

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }

  /** Commits one checkpoint; throws FencedError when another runner claimed the group. */
  async commit(claim: Claim, data: CheckpointData, now = new Date()): Promise<CommitOutcome> {
    return this.inTransaction(async (q) => {
      const [head] = (await q.query('SELECT epoch, checkpoint_id FROM sluice_cep_checkpoints WHERE group_id = ? FOR UPDATE', [this.groupId])) as { epoch: string; checkpoint_id: string }[];
      if (!head || String(head.epoch) !== claim.epoch) throw new FencedError(this.groupId, claim.epoch, head ? String(head.epoch) : 'none');
      const checkpointId = Number(head.checkpoint_id) + 1;
      const failedRules: { ruleId: string; error: unknown }[] = [];
      const kept: RuleContribution[] = [];
      let rowsWritten = 0;
      for (const [i, rule] of data.rules.entries()) {
        await q.query(`SAVEPOINT rule_${i}`);
        try {
          rowsWritten += await rule.write(q);
          await q.query(`RELEASE SAVEPOINT rule_${i}`);
          kept.push(rule);
        } catch (error) {
          if (!isStatementDataError(error)) throw error;
          await q.query(`ROLLBACK TO SAVEPOINT rule_${i}`);
          failedRules.push({ ruleId: rule.ruleId, error });
        }
      }
      await this.writeStates(q, kept, checkpointId);
      await this.writeOffsets(q, data.offsets);
      await q.query('UPDATE sluice_cep_checkpoints SET checkpoint_id = ?, committed_at = ? WHERE group_id = ?', [checkpointId, now, this.groupId]);
      return { checkpointId, failedRules, rowsWritten };
    });
  }

  private async writeStates(q: QueryRunner, rules: readonly RuleContribution[], checkpointId: number): Promise<void> {
    for (const rule of rules) {
      await q.query(
        `INSERT INTO sluice_cep_rule_states (group_id, rule_id, rule_version, state, checkpoint_id) VALUES (?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE rule_version = VALUES(rule_version), state = VALUES(state), checkpoint_id = VALUES(checkpoint_id)`,
        [this.groupId, rule.ruleId, rule.ruleVersion, Buffer.from(rule.state), checkpointId],
      );
    }
    // State of rules no longer running (deleted, disabled, changed, failed) goes with them.
    const ids = rules.map((r) => r.ruleId);
    const notIn = ids.length > 0 ? ` AND rule_id NOT IN (${ids.map(() => '?').join(', ')})` : '';
    await q.query(`DELETE FROM sluice_cep_rule_states WHERE group_id = ?${notIn}`, [this.groupId, ...ids]);
  }

  private async writeOffsets(q: QueryRunner, offsets: readonly StoredOffset[]): Promise<void> {
    for (let i = 0; i < offsets.length; i += OFFSET_ROWS_PER_STATEMENT) {
      const chunk = offsets.slice(i, i + OFFSET_ROWS_PER_STATEMENT);
      await q.query(
        `INSERT INTO sluice_cep_offsets (group_id, topic, partition_id, next_offset, dedup_from_offset, dedup_clock_ms) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}
         ON DUPLICATE KEY UPDATE next_offset = VALUES(next_offset), dedup_from_offset = VALUES(dedup_from_offset), dedup_clock_ms = VALUES(dedup_clock_ms)`,
        chunk.flatMap((o) => [this.groupId, o.topic, o.partition, o.nextOffset, o.dedupFromOffset, Number.isFinite(o.dedupClockMs) ? Math.trunc(o.dedupClockMs) : 0]),
      );
    }
  }

  private async inTransaction<T>(work: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = this.db.createQueryRunner();
    try {
      await q.connect();
      await q.startTransaction();
      try {
        const result = await work(q);
        await q.commitTransaction();
        return result;
      } catch (error) {
        await q.rollbackTransaction().catch(() => undefined);
        throw error;
      }
    } finally {
      await q.release().catch(() => undefined);
    }
  }
}
