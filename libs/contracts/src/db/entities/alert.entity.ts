import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The standard alerts table CEP rules write to (`INSERT INTO alerts ...` or any table declared
 * with 'connector' = 'alerts'). The id is a hash of the rule and the alert's content, so an alert
 * replayed after a crash lands on the same row; dashboards read this table directly.
 */
@Entity({ name: 'sluice_alerts' })
@Index('ix_alerts_rule_time', ['ruleId', 'eventTime'])
@Index('ix_alerts_time', ['eventTime'])
export class Alert {
  /** SHA-1 (hex) of rule id, sink table name and the row's values. */
  @PrimaryColumn({ type: 'char', length: 40 })
  id!: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 128 })
  ruleId!: string;

  /** Name of the alerts table in the rule (`alerts` unless the rule declared its own). */
  @Column({ name: 'alert_type', type: 'varchar', length: 128 })
  alertType!: string;

  /** What the alert is about (customer, card, device): the 'alert.key-column' value. */
  @Column({ name: 'alert_key', type: 'varchar', length: 255, nullable: true })
  alertKey!: string | null;

  /** When it happened in event time (window end, last matched row), UTC. */
  @Column({ name: 'event_time', type: 'datetime', precision: 3, nullable: true })
  eventTime!: Date | null;

  @Column({ name: 'window_start', type: 'datetime', precision: 3, nullable: true })
  windowStart!: Date | null;

  @Column({ name: 'window_end', type: 'datetime', precision: 3, nullable: true })
  windowEnd!: Date | null;

  /** Every column of the rule's row as a JSON object (values as `sluice run` prints them). */
  @Column({ type: 'mediumtext' })
  payload!: string;

  /** Wall-clock time of the checkpoint that first wrote the alert. */
  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
