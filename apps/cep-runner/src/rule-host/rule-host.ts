import { Logger } from '@nestjs/common';
import { SluiceError } from '@sluice/contracts';
import type { Row } from '@sluice/engine';
import type { RuleContribution, RuleRecord, StoredRuleState } from '../checkpoint/checkpoint.repository';
import { DeployedRule, type RuleContext } from './deployed-rule';

export type RuleStatus = 'running' | 'failed' | 'stopped';

/** Where the host reports rule status changes (the gateway shows them) and counts errors. */
export interface RuleStatusReporter {
  report(ruleId: string, version: number, status: RuleStatus, detail: string | null): void;
  countError(ruleId: string): void;
}

/** `line:column: message (CODE)`, the way a rule's author wants to read a failure. */
export function describeFailure(error: unknown): string {
  if (error instanceof SluiceError) {
    const at = error.position ? `${error.position.line}:${error.position.column}: ` : '';
    return `${at}${error.message} (${error.code})`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The rules of one runner session. A rule that fails to compile or fails while running is
 * reported failed and dropped; the others continue untouched (their jobs share nothing). Errors
 * marked retriable (a lookup's database is down) are not the rule's fault: they go up to the
 * runner, which rewinds everything to the last checkpoint.
 */
export class RuleHost {
  private readonly logger = new Logger(RuleHost.name);
  private readonly rules = new Map<string, DeployedRule>();
  /** Failed rule versions: not started again until the rule changes. */
  private readonly failed = new Map<string, number>();
  /** Partitions per stream, for rules started later. */
  private readonly partitionCounts = new Map<string, number>();

  constructor(
    private readonly ctx: RuleContext,
    private readonly reporter: RuleStatusReporter,
  ) {}

  get size(): number {
    return this.rules.size;
  }

  get bufferedRows(): number {
    let n = 0;
    for (const rule of this.rules.values()) n += rule.bufferedRows;
    return n;
  }

  deployed(): DeployedRule[] {
    return [...this.rules.values()];
  }

  /** Starts the rules of a restored checkpoint, with their state when it belongs to the same version. */
  async deployAll(records: readonly RuleRecord[], states: readonly StoredRuleState[]): Promise<void> {
    const stateById = new Map(states.map((s) => [s.ruleId, s]));
    for (const record of records) {
      if (!record.enabled && record.status !== 'stopped') this.reporter.report(record.id, record.version, 'stopped', null);
      if (!this.isWanted(record)) continue;
      const stored = stateById.get(record.id);
      await this.deploy(record, stored?.ruleVersion === record.version ? stored.state : undefined);
    }
  }

  /** True when the rule set differs from `records` (start, stop or change needed). */
  differsFrom(records: readonly RuleRecord[]): boolean {
    const wanted = records.filter((r) => this.isWanted(r));
    if (wanted.length !== this.rules.size) return true;
    return wanted.some((r) => this.rules.get(r.id)?.version !== r.version);
  }

  /** Applies rule changes at a checkpoint boundary: new and changed rules start with empty state. */
  async reconcile(records: readonly RuleRecord[]): Promise<DeployedRule[]> {
    const byId = new Map(records.map((r) => [r.id, r]));
    for (const [id, rule] of [...this.rules]) {
      const record = byId.get(id);
      if (record && record.enabled && record.version === rule.version) continue;
      await this.remove(id);
      if (record && !record.enabled) this.reporter.report(id, record.version, 'stopped', null);
      this.logger.log({ msg: record ? (record.enabled ? 'rule changed' : 'rule disabled') : 'rule deleted', ruleId: id });
    }
    const started: DeployedRule[] = [];
    for (const record of records) {
      if (this.rules.has(record.id) || !this.isWanted(record)) continue;
      const rule = await this.deploy(record, undefined);
      if (rule) started.push(rule);
    }
    return started;
  }

  push(stream: string, row: Row, partition: number): void {
    for (const rule of this.rules.values()) {
      try {
        rule.push(stream, row, partition);
      } catch (error) {
        if (error instanceof SluiceError && error.retriable) throw error;
        this.fail(rule.id, error);
      }
    }
  }

  setPartitions(stream: string, count: number): void {
    this.partitionCounts.set(stream, count);
    for (const rule of this.rules.values()) rule.setPartitions(stream, count);
  }

  markIdle(stream: string, partition: number, only?: readonly DeployedRule[]): void {
    for (const rule of only ?? [...this.rules.values()]) {
      if (this.rules.get(rule.id) !== rule) continue;
      try {
        rule.markIdle(stream, partition);
      } catch (error) {
        if (error instanceof SluiceError && error.retriable) throw error;
        this.fail(rule.id, error);
      }
    }
  }

  contributions(): RuleContribution[] {
    return [...this.rules.values()].map((r) => r.contribution());
  }

  /** Stops a rule for good (until it is deployed again) and reports why. */
  fail(ruleId: string, error: unknown): void {
    const rule = this.rules.get(ruleId);
    if (!rule) return;
    this.rules.delete(ruleId);
    this.failed.set(ruleId, rule.version);
    void rule.close();
    const detail = describeFailure(error);
    this.logger.error({ msg: `rule failed: ${detail}`, ruleId, version: rule.version });
    this.reporter.countError(ruleId);
    this.reporter.report(ruleId, rule.version, 'failed', detail);
  }

  async closeAll(): Promise<void> {
    const rules = [...this.rules.values()];
    this.rules.clear();
    await Promise.all(rules.map((r) => r.close()));
  }

  private isWanted(record: RuleRecord): boolean {
    if (!record.enabled) return false;
    if (this.failed.get(record.id) === record.version) return false;
    // Failed by an earlier runner for this very version: it would fail the same way again.
    return record.status !== 'failed';
  }

  private async deploy(record: RuleRecord, state: Buffer | undefined): Promise<DeployedRule | undefined> {
    try {
      const rule = await DeployedRule.deploy(record, this.ctx, state);
      for (const [stream, count] of this.partitionCounts) rule.setPartitions(stream, count);
      this.rules.set(record.id, rule);
      this.logger.log({ msg: state ? 'rule restored' : 'rule started', ruleId: record.id, version: record.version, streams: rule.streams });
      this.reporter.report(record.id, record.version, 'running', null);
      return rule;
    } catch (error) {
      if (error instanceof SluiceError && error.retriable) throw error;
      this.failed.set(record.id, record.version);
      const detail = describeFailure(error);
      this.logger.warn({ msg: `rule cannot start: ${detail}`, ruleId: record.id, version: record.version });
      this.reporter.countError(record.id);
      this.reporter.report(record.id, record.version, 'failed', detail);
      return undefined;
    }
  }

  private async remove(id: string): Promise<void> {
    const rule = this.rules.get(id);
    this.rules.delete(id);
    await rule?.close();
  }
}
