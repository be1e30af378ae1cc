import { Logger } from '@nestjs/common';
import { decodeEnvelope, type StreamCatalog } from '@sluice/contracts';
import { compileStreamRowDecoder, isDecodeProblem, type StreamRowDecoder } from '@sluice/connectors';
import type { CheckpointData, CheckpointRepository, Claim, StoredOffset } from '../checkpoint/checkpoint.repository';
import type { CepRunnerConfig } from '../config';
import { EventDedup } from '../dedup/event-dedup';
import type { CepMetrics } from '../metrics/cep-metrics';
import type { DeployedRule, RuleContext } from '../rule-host/deployed-rule';
import { RuleHost, type RuleStatusReporter } from '../rule-host/rule-host';
import { PartitionCursor } from './partition-cursor';
import type { PartitionSource, SourceBatch } from './partition-source';

/** Everything a session needs from the runner. */
export interface SessionDeps {
  readonly config: CepRunnerConfig;
  readonly catalog: StreamCatalog;
  readonly repository: CheckpointRepository;
  readonly source: PartitionSource;
  readonly metrics: CepMetrics;
  readonly ruleContext: RuleContext;
  readonly reporter: RuleStatusReporter;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

/**
 * The runner's in-memory state between two restores: the claim (fencing epoch), one cursor per
 * owned partition and the running rules. A failure anywhere throws the whole session away and
 * the runner opens a new one from MySQL; nothing in here is ever repaired in place.
 */
export class RunnerSession {
  private readonly logger = new Logger(RunnerSession.name);
  /** Something changed since the last checkpoint (messages, idleness, rules). */
  isDirty = true;

  private constructor(
    readonly claim: Claim,
    readonly cursors: ReadonlyMap<string, PartitionCursor>,
    readonly rules: RuleHost,
    private readonly metrics: CepMetrics,
  ) {}

  /** Claims the group's checkpoints and rebuilds the state of the last one for these partitions. */
  static async open(deps: SessionDeps, assignment: ReadonlyMap<string, readonly number[]>): Promise<RunnerSession> {
    const claim = await deps.repository.claim();
    const stored = await deps.repository.load();
    const records = await deps.repository.listRules();
    const storedByKey = new Map(stored.offsets.map((o) => [key(o.topic, o.partition), o]));
    const cursors = new Map<string, PartitionCursor>();
    const now = Date.now();
    const rules = new RuleHost(deps.ruleContext, deps.reporter);
    try {
      for (const [topic, partitions] of assignment) {
        const stream = deps.catalog.streams.find((s) => s.topic === topic);
        if (!stream || partitions.length === 0) continue;
        const decode: StreamRowDecoder = compileStreamRowDecoder(stream);
        const offsets = await deps.source.topicOffsets(topic);
        for (const partition of partitions) {
          const logStart = offsets.low.get(partition) ?? 0;
          const restored = clampToLog(storedByKey.get(key(topic, partition)) ?? PartitionCursor.initialOffset(topic, partition, logStart), logStart, deps);
          const dedup = new EventDedup(deps.config.dedupHorizonMs, deps.config.dedupMaxEventsPerPartition);
          cursors.set(key(topic, partition), new PartitionCursor(topic, partition, stream, decode, dedup, restored, now, offsets.high.get(partition) ?? 0));
        }
        rules.setPartitions(stream.name, Math.max(stream.partitions, ...partitions.map((p) => p + 1)));
      }
      await rules.deployAll(records, stored.states);
    } catch (error) {
      await rules.closeAll();
      throw error;
    }
    return new RunnerSession(claim, cursors, rules, deps.metrics);
  }

  /** Topics this session owns partitions of. */
  get topics(): string[] {
    return [...new Set([...this.cursors.values()].map((c) => c.topic))];
  }

  /** Feeds a batch to the rules: skips what was seen, rebuilds the dedup window, drops duplicates. */
  process(batch: SourceBatch, nowMs: number): void {
    const cursor = this.cursors.get(key(batch.topic, batch.partition));
    if (!cursor) return;
    cursor.highWatermark = batch.highWatermark;
    cursor.lastBatchAtMs = nowMs;
    const stream = cursor.stream.name;
    let processed = 0;
    let duplicates = 0;
    let invalid = 0;
    for (const message of batch.messages) {
      if (message.offset < cursor.position) continue;
      if (message.offset > cursor.position) this.gap(cursor, message.offset);
      cursor.position = message.offset + 1;
      const envelope = decodeEnvelope(message.value);
      const isValid = envelope !== undefined && envelope.stream === stream;
      if (message.offset < cursor.next) {
        if (isValid) cursor.dedup.observe(envelope.eventId, message.offset, envelope.ingestTime);
        if (cursor.position >= cursor.next) cursor.finishWarmUp();
        continue;
      }
      cursor.finishWarmUp();
      cursor.next = message.offset + 1;
      this.isDirty = true;
      if (!isValid) {
        invalid++;
        continue;
      }
      if (cursor.dedup.observe(envelope.eventId, message.offset, envelope.ingestTime)) {
        duplicates++;
        continue;
      }
      const row = cursor.decode(envelope);
      if (isDecodeProblem(row)) {
        invalid++;
        continue;
      }
      cursor.isIdle = false;
      processed++;
      this.rules.push(stream, row, batch.partition);
    }
    // Everything in the batch is handled now (seen before, or just processed).
    if (batch.messages.length > 0) batch.resolve(batch.messages[batch.messages.length - 1].offset);
    if (processed > 0) this.metrics.events.inc({ stream, outcome: 'processed' }, processed);
    if (duplicates > 0) this.metrics.events.inc({ stream, outcome: 'duplicate' }, duplicates);
    if (invalid > 0) this.metrics.events.inc({ stream, outcome: 'invalid' }, invalid);
    this.metrics.lag.set({ topic: batch.topic, partition: String(batch.partition) }, cursor.lag);
  }

  /**
   * Caught-up partitions silent for the idle timeout stop holding watermarks back. The last
   * active partition of a stream is never marked idle: a stream whose partitions are all idle
   * has no watermark at all (Flink), and the most recently active partition is the one whose
   * progress the others were holding back.
   */
  markIdlePartitions(nowMs: number, idleTimeoutMs: number): void {
    if (idleTimeoutMs <= 0) return;
    const candidates = [...this.cursors.values()]
      .filter((c) => !c.isIdle && c.isWarm && c.isCaughtUp && nowMs - c.lastBatchAtMs >= idleTimeoutMs)
      .sort((a, b) => a.lastBatchAtMs - b.lastBatchAtMs);
    for (const cursor of candidates) {
      const active = [...this.cursors.values()].filter((c) => c.topic === cursor.topic && !c.isIdle).length;
      if (active <= 1) continue;
      cursor.isIdle = true;
      this.isDirty = true;
      this.logger.debug({ msg: 'partition idle: it no longer holds watermarks back', topic: cursor.topic, partition: cursor.partition });
      this.rules.markIdle(cursor.stream.name, cursor.partition);
    }
  }

  /** Rules started mid-session learn which partitions are idle already. */
  applyIdleness(rules: readonly DeployedRule[]): void {
    for (const cursor of this.cursors.values()) if (cursor.isIdle) this.rules.markIdle(cursor.stream.name, cursor.partition, rules);
  }

  /** Takes the checkpoint's content: rule states, their buffered rows, partition offsets. */
  checkpointData(): CheckpointData {
    return { rules: this.rules.contributions(), offsets: [...this.cursors.values()].map((c) => c.toStored()) };
  }

  async close(): Promise<void> {
    await this.rules.closeAll();
  }

  private gap(cursor: PartitionCursor, offset: number): void {
    this.logger.warn({ msg: `offsets ${cursor.position}..${offset - 1} are not in Kafka any more (retention or compaction): skipped`, topic: cursor.topic, partition: cursor.partition });
    this.metrics.offsetGaps.inc({ topic: cursor.topic }, offset - cursor.position);
  }
}

/** A checkpoint older than the log start (retention deleted it) resumes at the log start. */
function clampToLog(stored: StoredOffset, logStart: number, deps: SessionDeps): StoredOffset {
  if (stored.dedupFromOffset >= logStart) return stored;
  if (stored.nextOffset < logStart) {
    deps.metrics.offsetGaps.inc({ topic: stored.topic }, logStart - stored.nextOffset);
    return { ...stored, nextOffset: logStart, dedupFromOffset: logStart };
  }
  return { ...stored, dedupFromOffset: logStart };
}
