import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Where the CEP runner resumes a Kafka partition: written in the same transaction as the sink
 * rows and operator state of a checkpoint. The event-id dedup window is not stored as ids: it is
 * rebuilt on restore by re-reading the partition from `dedupFromOffset` (the oldest event still
 * inside the horizon) up to `nextOffset`, which yields exactly the ids the runner had in memory.
 */
@Entity({ name: 'sluice_cep_offsets' })
export class CepPartitionOffset {
  @PrimaryColumn({ name: 'group_id', type: 'varchar', length: 200 })
  groupId!: string;

  @PrimaryColumn({ type: 'varchar', length: 249 })
  topic!: string;

  @PrimaryColumn({ name: 'partition_id', type: 'int' })
  partition!: number;

  /** Offset of the next message to process (BIGINT as a string). */
  @Column({ name: 'next_offset', type: 'bigint' })
  nextOffset!: string;

  /** First offset of the dedup window; equal to nextOffset when the window is empty. */
  @Column({ name: 'dedup_from_offset', type: 'bigint' })
  dedupFromOffset!: string;

  /** Largest gateway ingest time seen on the partition: the clock of the dedup horizon. */
  @Column({ name: 'dedup_clock_ms', type: 'bigint' })
  dedupClockMs!: string;
}
