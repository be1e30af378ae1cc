import { describe, expect, it } from 'vitest';
import { BackoffError } from '../problem/backoff.error';
import { BrokerCircuit } from './broker-circuit';

function circuitAt(clock: { now: number }): BrokerCircuit {
  return new BrokerCircuit(2_000, 5_000, () => clock.now);
}

describe(BrokerCircuit.name, () => {
  it('admits everyone while closed', () => {
    const circuit = circuitAt({ now: 0 });
    expect(() => circuit.admit()).not.toThrow();
    expect(circuit.current).toBe('closed');
  });

  it('refuses with a 503 and Retry-After during the cooldown after an outage', () => {
    const clock = { now: 0 };
    const circuit = circuitAt(clock);
    circuit.recordOutage('ECONNREFUSED');
    clock.now = 1_000;
    let refusal: unknown;
    try {
      circuit.admit();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BackoffError);
    expect(refusal).toMatchObject({ code: 'BROKER_UNAVAILABLE', retryAfterSeconds: 2 });
    expect((refusal as Error).message).toContain('ECONNREFUSED');
  });

  it('lets one probe through after the cooldown and closes when Kafka answers', () => {
    const clock = { now: 0 };
    const circuit = circuitAt(clock);
    circuit.recordOutage('down');
    clock.now = 2_000;
    expect(() => circuit.admit()).not.toThrow();
    expect(() => circuit.admit()).toThrow(BackoffError);
    circuit.recordSuccess();
    expect(() => circuit.admit()).not.toThrow();
  });

  it('re-opens when the probe fails, and allows a new probe if one never reports back', () => {
    const clock = { now: 0 };
    const circuit = circuitAt(clock);
    circuit.recordOutage('down');
    clock.now = 2_000;
    circuit.admit();
    circuit.recordOutage('still down');
    expect(() => circuit.admit()).toThrow(BackoffError);
    clock.now = 4_000;
    circuit.admit(); // probe that is lost (e.g. its request timed out in the queue)
    clock.now = 8_999;
    expect(() => circuit.admit()).toThrow(BackoffError);
    clock.now = 9_000;
    expect(() => circuit.admit()).not.toThrow();
  });
});
