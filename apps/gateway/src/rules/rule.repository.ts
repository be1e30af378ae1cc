import { Inject, Injectable } from '@nestjs/common';
import { Rule } from '@sluice/contracts/db';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../app-tokens';
import { retryOnDuplicateKey } from '../database/retry-on-duplicate-key';

export interface RuleChange {
  readonly sql: string;
  readonly enabled: boolean;
}

export interface SavedRule {
  readonly rule: Rule;
  readonly isCreated: boolean;
}

/** MySQL access for rules (sluice_rules). */
@Injectable()
export class RuleRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  find(id: string): Promise<Rule | null> {
    return this.dataSource.getRepository(Rule).findOneBy({ id });
  }

  list(): Promise<Rule[]> {
    return this.dataSource.getRepository(Rule).find({ order: { id: 'ASC' } });
  }

  /**
   * Creates or replaces a rule. An unchanged definition keeps its version, so repeating a PUT
   * does not make the CEP runner reload; a change bumps the version and resets the status.
   */
  save(id: string, change: RuleChange, now = new Date()): Promise<SavedRule> {
    return retryOnDuplicateKey(() =>
      this.dataSource.transaction(async (manager) => {
        const rules = manager.getRepository(Rule);
        const existing = await rules.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
        if (!existing) {
          const rule = rules.create({
            id,
            ...change,
            version: 1,
            status: 'pending',
            statusDetail: null,
            createdAt: now,
            updatedAt: now,
          });
          await rules.insert(rule);
          return { rule, isCreated: true };
        }
        if (existing.sql === change.sql && existing.enabled === change.enabled)
          return { rule: existing, isCreated: false };
        const patch = {
          ...change,
          version: existing.version + 1,
          status: 'pending' as const,
          statusDetail: null,
          updatedAt: now,
        };
        await rules.update({ id }, patch);
        return { rule: { ...existing, ...patch }, isCreated: false };
      }),
    );
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(Rule).delete({ id });
    return (result.affected ?? 0) > 0;
  }
}
