import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BackoffError } from '../problem/backoff.error';
import { BrokerCircuit } from './broker-circuit';
import { ProduceBatcher, type ProduceBatcherOptions } from './produce-batcher';
import { ProduceFailure } from './produce-failure.error';
import type { ProduceMessage, ProduceSink } from './produce-sink';

/** A Kafka stand-in whose acks the test gives (or withholds) explicitly. */
class ControlledSink implements ProduceSink {
  readonly sends: Array<{ topic: string; values: string[]; ack(): void; fail(error: Error): void }> = [];

  send(topic: string, messages: readonly ProduceMessage[]): Promise<void> {
    return new Promise((ack, fail) =>
      this.sends.push({ topic, values: messages.map((m) => m.value.toString()), ack, fail }),
    );
  }
}

const OPTIONS: ProduceBatcherOptions = {
  lingerMs: 5,
  maxBatchBytes: 100,
  maxBufferedBytes: 200,
  maxInFlightBatches: 2,
  timeoutMs: 10_000,
};

function messages(...values: string[]): ProduceMessage[] {
  return values.map((value) => ({ key: null, value: Buffer.from(value) }));
}

/** Tracks how a submit ended without awaiting it. */
function watch(promise: Promise<void>): { state: 'pending' | 'acked' | Error } {
  const outcome: { state: 'pending' | 'acked' | Error } = { state: 'pending' };
  promise.then(
    () => (outcome.state = 'acked'),
    (error: Error) => (outcome.state = error),
  );
  return outcome;
}

describe(ProduceBatcher.name, () => {
  let sink: ControlledSink;
  let circuit: BrokerCircuit;
  let batcher: ProduceBatcher;

  beforeEach(() => {
    vi.useFakeTimers();
    sink = new ControlledSink();
    circuit = new BrokerCircuit(1_000, 10_000, () => Date.now());
    batcher = new ProduceBatcher(sink, circuit, OPTIONS);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const settle = () => vi.advanceTimersByTimeAsync(0);

  it('sends the events of concurrent requests in one batch after the linger, answering each only on the ack', async () => {
    const a = watch(batcher.submit('orders', messages('a1', 'a2'), 10));
    const b = watch(batcher.submit('orders', messages('b1'), 10));
    expect(sink.sends).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);

    expect(sink.sends.map((s) => s.values)).toEqual([['a1', 'a2', 'b1']]);
    expect([a.state, b.state]).toEqual(['pending', 'pending']);
    sink.sends[0]!.ack();
    await settle();
    expect([a.state, b.state]).toEqual(['acked', 'acked']);
    expect(batcher.bufferedByteCount).toBe(0);
  });

  it('sends without waiting once a batch is full, one send per topic', async () => {
    batcher.submit('orders', messages('o1'), 50).catch(() => {});
    batcher.submit('payments', messages('p1'), 10).catch(() => {});
    expect(sink.sends).toHaveLength(0);
    batcher.submit('orders', messages('o2'), 50).catch(() => {});
    expect(sink.sends.map((s) => [s.topic, s.values])).toEqual([
      ['orders', ['o1', 'o2']],
      ['payments', ['p1']],
    ]);
  });

  it('refuses with 429 instead of buffering past its bound, and accepts again once Kafka acked', async () => {
    batcher.submit('orders', messages('big'), 150).catch(() => {});
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    await expect(batcher.submit('orders', messages('x'), 60)).rejects.toMatchObject({
      code: 'BACKPRESSURE',
      retryAfterSeconds: 1,
    });
    sink.sends[0]!.ack();
    await settle();
    expect(watch(batcher.submit('orders', messages('x'), 60)).state).toBe('pending');
  });

  it('keeps at most maxInFlightBatches sends open and sends the rest as acks come back', async () => {
    for (const value of ['1', '2', '3']) batcher.submit(value, messages(value), 10).catch(() => {});
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    expect(sink.sends.map((s) => s.topic)).toEqual(['1', '2']);
    sink.sends[0]!.ack();
    await settle();
    expect(sink.sends.map((s) => s.topic)).toEqual(['1', '2', '3']);
  });

  it('on a broker outage fails the batch and everything queued with 503, then fails fast', async () => {
    batcher = new ProduceBatcher(sink, circuit, { ...OPTIONS, maxInFlightBatches: 1 });
    const sent = watch(batcher.submit('orders', messages('a'), 10));
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    const queued = watch(batcher.submit('orders', messages('b'), 10));
    sink.sends[0]!.fail(new ProduceFailure('ECONNREFUSED', true));
    await settle();

    expect(sent.state).toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    expect(queued.state).toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    expect(sink.sends).toHaveLength(1); // the queued request was never sent
    await expect(batcher.submit('orders', messages('c'), 10)).rejects.toBeInstanceOf(BackoffError);
    expect(batcher.bufferedByteCount).toBe(0);
  });

  it('fails only the batch on a topic-level error, leaving the circuit closed', async () => {
    const failed = watch(batcher.submit('missing', messages('a'), 10));
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    sink.sends[0]!.fail(new ProduceFailure('UNKNOWN_TOPIC_OR_PARTITION', false));
    await settle();
    expect(failed.state).toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    expect(circuit.current).toBe('closed');
  });

  it('answers 503 when Kafka has not acked within the timeout, and never sends a request that timed out queued', async () => {
    batcher = new ProduceBatcher(sink, circuit, { ...OPTIONS, maxInFlightBatches: 1 });
    const sent = watch(batcher.submit('orders', messages('a'), 10));
    await vi.advanceTimersByTimeAsync(OPTIONS.lingerMs);
    const queued = watch(batcher.submit('orders', messages('b'), 10));
    await vi.advanceTimersByTimeAsync(OPTIONS.timeoutMs);

    expect(sent.state).toMatchObject({ code: 'BROKER_UNAVAILABLE', retryAfterSeconds: 10 });
    expect(queued.state).toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    sink.sends[0]!.ack(); // the late ack changes nothing for the client, which already has its 503
    await settle();
    expect(sink.sends).toHaveLength(1);
    expect(batcher.bufferedByteCount).toBe(0);
  });

  it('drains on shutdown: refuses new requests, sends what is queued at once and waits for the acks', async () => {
    const queued = watch(batcher.submit('orders', messages('a'), 10));
    const drained = batcher.drain(5_000);
    await expect(batcher.submit('orders', messages('b'), 10)).rejects.toMatchObject({
      code: 'BROKER_UNAVAILABLE',
    });
    expect(sink.sends.map((s) => s.values)).toEqual([['a']]);
    sink.sends[0]!.ack();
    await expect(drained).resolves.toEqual({ isComplete: true });
    expect(queued.state).toBe('acked');
  });
});
