import { BackoffError } from '../problem/backoff.error';

export type CircuitState = 'closed' | 'open' | 'half-open';

/**
 * Fail-fast guard in front of Kafka (the classic circuit breaker). After a broker outage the
 * circuit opens: requests get 503 at once instead of each waiting out kafkajs's retries. When the
 * cooldown has passed, one request is let through as a probe; its batch closes the circuit on
 * success or re-opens it on failure, and meanwhile everyone else still fails fast.
 */
export class BrokerCircuit {
  private state: CircuitState = 'closed';
  private openUntilMs = 0;
  /** While a probe is out, others fail fast; a probe that never reports back expires. */
  private probeDeadlineMs = 0;
  private lastFailure = '';

  constructor(
    private readonly cooldownMs: number,
    private readonly probeTimeoutMs: number,
    private readonly now: () => number = Date.now,
    private readonly onChange?: (state: 'open' | 'closed', reason: string) => void,
  ) {}

  get current(): CircuitState {
    if (this.state === 'open' && this.now() >= this.openUntilMs) return 'half-open';
    return this.state;
  }

  /** Throws a 503 BackoffError unless a request may go to Kafka now. */
  admit(): void {
    const state = this.current;
    if (state === 'closed') return;
    if (state === 'half-open' && this.now() >= this.probeDeadlineMs) {
      this.state = 'half-open';
      this.probeDeadlineMs = this.now() + this.probeTimeoutMs;
      return;
    }
    const waitMs = Math.max(this.openUntilMs - this.now(), this.cooldownMs, 1000);
    throw new BackoffError(
      'BROKER_UNAVAILABLE',
      `Kafka is unavailable (${this.lastFailure}); nothing was produced, retry later`,
      Math.ceil(waitMs / 1000),
    );
  }

  recordSuccess(): void {
    if (this.state !== 'closed') this.onChange?.('closed', '');
    this.state = 'closed';
    this.probeDeadlineMs = 0;
  }

  recordOutage(reason: string): void {
    if (this.state === 'closed') this.onChange?.('open', reason);
    this.state = 'open';
    this.openUntilMs = this.now() + this.cooldownMs;
    this.probeDeadlineMs = 0;
    this.lastFailure = reason;
  }
}
