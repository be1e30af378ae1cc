import type { RuleStatus } from '../../definitions';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A continuous rule (Flink SQL) deployed through the gateway's admin API. The CEP runner
 * hot-reloads a rule when `version` changes and reports back through `status`/`statusDetail`.
 */
@Entity({ name: 'sluice_rules' })
export class Rule {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ name: 'sql_text', type: 'mediumtext' })
  sql!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  /** 1 on creation, +1 on every change of the definition. */
  @Column({ type: 'int' })
  version!: number;

  /** Written by the CEP runner; the gateway resets it to 'pending' on every deploy. */
  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status!: RuleStatus;

  @Column({ name: 'status_detail', type: 'text', nullable: true })
  statusDetail!: string | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
