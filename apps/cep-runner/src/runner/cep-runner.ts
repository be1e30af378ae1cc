import { Logger } from '@nestjs/common';
import { setTimeout as delay } from 'node:timers/promises';
import type { RuleRecord } from '../checkpoint/checkpoint.repository';
import { FencedError } from '../checkpoint/fenced.error';
import { describeFailure } from '../rule-host/rule-host';
import type { PartitionSource, SourceBatch, SourceListener } from './partition-source';
import { RunnerSession, type SessionDeps } from './runner-session';
import { SerialLock } from './serial-lock';

export type RunnerPhase = 'starting' | 'standby' | 'restoring' | 'running' | 'stopping' | 'stopped';

export interface RunnerStatus {
  readonly phase: RunnerPhase;
  readonly isOwner: boolean;
  readonly epoch: string | null;
  readonly lastCheckpointId: number;
  readonly lastCheckpointAtMs: number | null;
  readonly rules: number;
  readonly partitions: number;
}

/**
 * The CEP runner's control loop (DESIGN.md, data flow point 2). A member that is assigned the
 * group's partitions opens a session from MySQL (claim, restore rule state, seek to the stored
 * offsets) and from then on feeds batches to the rules and commits a checkpoint every interval.
 * Any failure (MySQL down, an ambiguous commit, a lookup database down, a lost consumer) throws
 * the session away and opens a new one from what MySQL holds; being fenced by another runner
 * makes this one step back and rejoin. Batches, checkpoints and idleness checks never overlap.
 */
export class CepRunner implements SourceListener {
  private readonly logger = new Logger(CepRunner.name);
  private readonly lock = new SerialLock();
  /** One restore at a time, so a superseded one can never claim after a newer one. */
  private readonly restoreLock = new SerialLock();
  private phase: RunnerPhase = 'starting';
  private session: RunnerSession | undefined;
  /** Bumped by every event that voids the session; async work started earlier checks it. */
  private generation = 0;
  private assignment: ReadonlyMap<string, readonly number[]> = new Map();
  private desiredRules: RuleRecord[] | undefined;
  private lastCheckpointId = 0;
  private lastCheckpointAtMs: number | null = null;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(private readonly deps: SessionDeps) {}

  private get source(): PartitionSource {
    return this.deps.source;
  }

  get status(): RunnerStatus {
    return {
      phase: this.phase,
      isOwner: this.assignment.size > 0,
      epoch: this.session?.claim.epoch ?? null,
      lastCheckpointId: this.lastCheckpointId,
      lastCheckpointAtMs: this.lastCheckpointAtMs,
      rules: this.session?.rules.size ?? 0,
      partitions: this.session?.cursors.size ?? 0,
    };
  }

  async start(): Promise<void> {
    const { checkpoint, idleTimeoutMs, rulePollIntervalMs } = this.deps.config;
    const report = (error: unknown) => this.logger.error({ msg: `unexpected error (likely a bug): ${describeFailure(error)}`, err: error });
    this.timers.push(setInterval(() => void this.checkpoint(false).catch(report), checkpoint.intervalMs));
    if (idleTimeoutMs > 0) this.timers.push(setInterval(() => void this.checkIdle().catch(report), Math.max(100, Math.min(1_000, idleTimeoutMs / 4))));
    this.timers.push(setInterval(() => void this.pollRules(), rulePollIntervalMs));
    this.phase = 'standby';
    await this.source.start(this);
  }

  /** Final checkpoint, then leave the group: the next owner starts exactly where this one stopped. */
  async stop(): Promise<void> {
    if (this.phase === 'stopping' || this.phase === 'stopped') return;
    for (const timer of this.timers) clearInterval(timer);
    const wasRunning = this.phase === 'running';
    this.phase = 'stopping';
    this.source.pause([...this.assignment.keys()]);
    await this.lock.run(async () => {
      if (this.session && wasRunning) await this.commit(this.session);
    });
    this.generation++;
    await this.source.stop();
    await this.dropSession();
    this.phase = 'stopped';
  }

  onAssignment(assignment: ReadonlyMap<string, readonly number[]>): void {
    this.generation++;
    const owned = new Map([...assignment].filter(([, partitions]) => partitions.length > 0));
    this.source.pause([...owned.keys()]);
    this.source.setOwner(owned.size > 0);
    this.assignment = owned;
    void this.dropSession().catch(() => undefined);
    if (this.phase === 'stopping' || this.phase === 'stopped') return;
    this.deps.metrics.isOwner.set(owned.size > 0 ? 1 : 0);
    if (owned.size === 0) {
      this.phase = 'standby';
      this.logger.log('no partitions assigned: standing by');
      return;
    }
    this.logger.log({ msg: 'partitions assigned: restoring from the last checkpoint', assignment: Object.fromEntries(owned) });
    this.restore(this.generation);
  }

  onConsumerLost(error: Error): void {
    this.generation++;
    this.assignment = new Map();
    this.source.setOwner(false);
    void this.dropSession().catch(() => undefined);
    if (this.phase !== 'stopping' && this.phase !== 'stopped') this.phase = 'standby';
    this.deps.metrics.isOwner.set(0);
    this.logger.warn(`Kafka consumer lost (${error.message}): state dropped until the next assignment`);
  }

  async onBatch(batch: SourceBatch): Promise<void> {
    await this.lock.run(async () => {
      const session = this.session;
      if (!session || this.phase !== 'running' || batch.isStale()) return;
      try {
        session.process(batch, Date.now());
      } catch (error) {
        this.recover(session, 'processing', error);
        return;
      }
      if (session.rules.bufferedRows >= this.deps.config.checkpoint.maxBufferedRows) await this.commit(session);
    });
  }

  /** Takes a checkpoint now (or when due and something changed). */
  checkpoint(force: boolean): Promise<void> {
    return this.lock.run(async () => {
      const session = this.session;
      if (!session || this.phase !== 'running') return;
      const rulesChanged = this.desiredRules !== undefined && session.rules.differsFrom(this.desiredRules);
      if (force || session.isDirty || rulesChanged) await this.commit(session);
    });
  }

  private restore(generation: number): void {
    this.phase = 'restoring';
    const assignment = this.assignment;
    void this.restoreLock.run(async () => {
      for (let attempt = 0; generation === this.generation; attempt++) {
        try {
          const session = await RunnerSession.open(this.deps, assignment);
          const isInstalled = await this.lock.run(async () => this.install(session, generation)).catch(async (error: unknown) => {
            await session.close();
            throw error;
          });
          if (!isInstalled) await session.close();
          return;
        } catch (error) {
          if (generation !== this.generation) return;
          this.deps.metrics.recoveries.inc({ reason: 'restore' });
          const waitMs = Math.min(this.deps.config.retry.initialMs * 2 ** attempt, this.deps.config.retry.maxMs);
          this.logger.warn({ msg: `restore failed (${describeFailure(error)}); retrying in ${waitMs} ms`, attempt });
          await delay(waitMs);
        }
      }
    }).catch((e: unknown) => this.logger.error({ msg: `restore loop failed (likely a bug): ${describeFailure(e)}` }));
  }

  private install(session: RunnerSession, generation: number): boolean {
    if (generation !== this.generation || this.phase !== 'restoring') return false;
    // Seek first: if the consumer cannot take the positions, nothing is installed and the restore retries.
    for (const cursor of session.cursors.values()) this.source.seek(cursor.topic, cursor.partition, cursor.position);
    this.session = session;
    this.phase = 'running';
    this.desiredRules = undefined;
    this.source.resume(session.topics);
    this.deps.metrics.rules.set(session.rules.size);
    this.logger.log({ msg: 'restored: processing', epoch: session.claim.epoch, checkpointId: session.claim.checkpointId, partitions: session.cursors.size, rules: session.rules.size });
    return true;
  }

  /** Commits one checkpoint (inside the lock); afterwards applies rule changes, at the boundary. */
  private async commit(session: RunnerSession): Promise<void> {
    const timer = this.deps.metrics.checkpointSeconds.startTimer();
    let outcome;
    try {
      const data = session.checkpointData();
      session.isDirty = false;
      outcome = await this.deps.repository.commit(session.claim, data);
    } catch (error) {
      const isFenced = error instanceof FencedError;
      this.deps.metrics.checkpoints.inc({ result: isFenced ? 'fenced' : 'failed' });
      if (isFenced) this.fenced(session, error);
      else this.recover(session, 'checkpoint', error);
      return;
    }
    timer();
    this.deps.metrics.checkpoints.inc({ result: 'committed' });
    this.deps.metrics.sinkRows.inc(outcome.rowsWritten);
    this.deps.metrics.lastCheckpoint.set(outcome.checkpointId);
    this.lastCheckpointId = outcome.checkpointId;
    this.lastCheckpointAtMs = Date.now();
    for (const failed of outcome.failedRules) session.rules.fail(failed.ruleId, failed.error);
    if (this.session !== session) return;
    this.observeRules(session);
    if (this.desiredRules && session.rules.differsFrom(this.desiredRules)) {
      try {
        const started = await session.rules.reconcile(this.desiredRules);
        session.applyIdleness(started);
        session.isDirty = true;
        this.deps.metrics.rules.set(session.rules.size);
      } catch (error) {
        this.recover(session, 'rules', error);
      }
    }
  }

  private readonly lateSeen = new Map<string, number>();

  private observeRules(session: RunnerSession): void {
    for (const rule of session.rules.deployed()) {
      const late = rule.lateRowsDropped;
      const key = `${rule.id}@${rule.version}`;
      const delta = late - (this.lateSeen.get(key) ?? 0);
      if (delta > 0) this.deps.metrics.lateRows.inc({ rule: rule.id }, delta);
      this.lateSeen.set(key, late);
      this.deps.metrics.stateEntries.set({ rule: rule.id }, rule.stateSize);
    }
  }

  /** Rewinds to the last checkpoint: drop everything in memory, restore from MySQL. */
  private recover(session: RunnerSession, reason: string, error: unknown): void {
    if (this.session !== session) return;
    this.generation++;
    this.session = undefined;
    this.lateSeen.clear();
    void session.close();
    this.deps.metrics.recoveries.inc({ reason });
    this.source.pause([...this.assignment.keys()]);
    if (this.phase === 'stopping') return;
    this.logger.warn({ msg: `${reason} failed (${describeFailure(error)}): rewinding to the last checkpoint` });
    this.restore(this.generation);
  }

  /** Another runner claimed the checkpoints: stop writing, give the partitions back, rejoin. */
  private fenced(session: RunnerSession, error: FencedError): void {
    if (this.session !== session) return;
    this.generation++;
    this.session = undefined;
    void session.close();
    this.source.pause([...this.assignment.keys()]);
    this.source.setOwner(false);
    this.assignment = new Map();
    this.deps.metrics.isOwner.set(0);
    if (this.phase === 'stopping') return;
    this.phase = 'standby';
    this.logger.warn(`${error.message}: standing by and rejoining the group`);
    void this.source.rejoin().catch((e: unknown) => this.logger.error({ msg: `rejoining the group failed: ${describeFailure(e)}` }));
  }

  private checkIdle(): Promise<void> {
    return this.lock.run(async () => {
      const session = this.session;
      if (!session || this.phase !== 'running') return;
      try {
        session.markIdlePartitions(Date.now(), this.deps.config.idleTimeoutMs);
      } catch (error) {
        this.recover(session, 'processing', error);
      }
    });
  }

  private async pollRules(): Promise<void> {
    if (this.phase !== 'running') return;
    try {
      this.desiredRules = await this.deps.repository.listRules();
    } catch (error) {
      this.logger.debug(`reading rules failed: ${(error as Error).message}`);
    }
  }

  private async dropSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.close();
  }
}
