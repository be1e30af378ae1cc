import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The runner's Prometheus metrics (scraped at GET /metrics): events by outcome, checkpoint
 * duration and results, lag per partition, late rows and errors per rule, sink rows written.
 */
export class CepMetrics {
  readonly registry = new Registry();
  readonly events = new Counter({ name: 'sluice_cep_events_total', help: 'Kafka messages handled, by stream and outcome (processed, duplicate, invalid)', labelNames: ['stream', 'outcome'], registers: [this.registry] });
  readonly checkpointSeconds = new Histogram({
    name: 'sluice_cep_checkpoint_duration_seconds',
    help: 'Time to snapshot and commit one checkpoint transaction',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly checkpoints = new Counter({ name: 'sluice_cep_checkpoints_total', help: 'Checkpoints by result (committed, failed, fenced)', labelNames: ['result'], registers: [this.registry] });
  readonly lastCheckpoint = new Gauge({ name: 'sluice_cep_last_checkpoint_id', help: 'Number of the last committed checkpoint', registers: [this.registry] });
  readonly lag = new Gauge({ name: 'sluice_cep_partition_lag', help: 'Messages behind the partition end, per partition this runner owns', labelNames: ['topic', 'partition'], registers: [this.registry] });
  readonly lateRows = new Counter({ name: 'sluice_cep_late_rows_total', help: 'Rows dropped because they arrived after the watermark passed them, per rule', labelNames: ['rule'], registers: [this.registry] });
  readonly ruleErrors = new Counter({ name: 'sluice_cep_rule_errors_total', help: 'Rules that failed to start or failed while running', labelNames: ['rule'], registers: [this.registry] });
  readonly rules = new Gauge({ name: 'sluice_cep_rules_running', help: 'Rules running in this runner', registers: [this.registry] });
  readonly stateEntries = new Gauge({ name: 'sluice_cep_rule_state_entries', help: 'Live state entries (windows, groups, partial matches) per rule', labelNames: ['rule'], registers: [this.registry] });
  readonly sinkRows = new Counter({ name: 'sluice_cep_sink_rows_total', help: 'Sink rows committed (upserts, inserts, deletes, alerts)', registers: [this.registry] });
  readonly recoveries = new Counter({ name: 'sluice_cep_recoveries_total', help: 'Rewinds to the last checkpoint after a failure (MySQL, lookups, Kafka)', labelNames: ['reason'], registers: [this.registry] });
  readonly offsetGaps = new Counter({ name: 'sluice_cep_offset_gaps_total', help: 'Offsets skipped because Kafka no longer had them (retention, compaction)', labelNames: ['topic'], registers: [this.registry] });
  readonly isOwner = new Gauge({ name: 'sluice_cep_owner', help: '1 when this runner owns the group partitions and runs the rules', registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sluice_cep_' });
  }
}
