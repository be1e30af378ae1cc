import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The CEP runner's checkpoint head for one consumer group (DESIGN.md, data flow point 2). The
 * member that owns the group's partitions claims it by bumping `epoch` (a fencing token); every
 * checkpoint transaction locks this row first and aborts when the epoch is no longer its own,
 * so a runner that lost its partitions (paused, partitioned away) can never commit again.
 */
@Entity({ name: 'sluice_cep_checkpoints' })
export class CepCheckpoint {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 200 })
  groupId!: string;

  /** Incremented on every claim; BIGINT handed out as a string. */
  @Column({ type: 'bigint' })
  epoch!: string;

  /** Which runner holds the epoch (host:pid:start), for operators. */
  @Column({ type: 'varchar', length: 200 })
  owner!: string;

  /** Number of the last committed checkpoint (0 before the first). */
  @Column({ name: 'checkpoint_id', type: 'bigint', default: 0 })
  checkpointId!: string;

  @Column({ name: 'claimed_at', type: 'datetime', precision: 3 })
  claimedAt!: Date;

  @Column({ name: 'committed_at', type: 'datetime', precision: 3, nullable: true })
  committedAt!: Date | null;
}
