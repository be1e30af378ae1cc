import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Events counted per stream and key by the foundation demo pipeline (events file -> Kafka ->
 * consumer -> MySQL). Replaced by rule-driven aggregates once the CEP runner lands.
 */
@Entity({ name: 'demo_stream_counts' })
export class DemoStreamCount {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  stream!: string;

  @PrimaryColumn({ name: 'event_key', type: 'varchar', length: 255 })
  eventKey!: string;

  @Column({ name: 'event_count', type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  eventCount!: number;
}
