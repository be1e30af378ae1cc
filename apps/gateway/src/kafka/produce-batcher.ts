import { BackoffError } from '../problem/backoff.error';
import type { BrokerCircuit } from './broker-circuit';
import { ProduceFailure } from './produce-failure.error';
import type { ProduceMessage, ProduceSink } from './produce-sink';

export interface ProduceBatcherOptions {
  readonly lingerMs: number;
  readonly maxBatchBytes: number;
  readonly maxBufferedBytes: number;
  readonly maxInFlightBatches: number;
  readonly timeoutMs: number;
}

/** Hooks for metrics, so the batcher itself knows nothing about Prometheus. */
export interface ProduceObserver {
  batchSettled(topic: string, events: number, bytes: number, durationMs: number, ok: boolean): void;
  bufferChanged(bufferedBytes: number, maxBufferedBytes: number): void;
}

type Phase = 'queued' | 'sent' | 'settled';

/** Requests waiting for a batch, oldest first, with their byte total kept up to date. */
interface TopicQueue {
  readonly items: Pending[];
  bytes: number;
}

/** One request's events: answered together, never split across batches. */
interface Pending {
  readonly topic: string;
  readonly messages: readonly ProduceMessage[];
  readonly bytes: number;
  phase: Phase;
  timer?: NodeJS.Timeout;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Collects the events of concurrent requests into few large Kafka produce calls (a short
 * linger, like the Java producer's linger.ms, but across HTTP requests). Memory is bounded:
 * past maxBufferedBytes (queued + in flight) requests are refused with 429 instead of waiting.
 * A request's promise resolves only when Kafka acknowledged every one of its events, and
 * rejects with a 503 when Kafka failed, the circuit is open, or the ack took longer than
 * timeoutMs: a 503 never hides an ack, and a resolve never comes without one.
 */
export class ProduceBatcher {
  private readonly queues = new Map<string, TopicQueue>();
  private bufferedBytes = 0;
  private inFlight = 0;
  private lingerTimer: NodeJS.Timeout | undefined;
  private isAccepting = true;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly sink: ProduceSink,
    private readonly circuit: BrokerCircuit,
    private readonly options: ProduceBatcherOptions,
    private readonly observer?: ProduceObserver,
  ) {}

  get bufferedByteCount(): number {
    return this.bufferedBytes;
  }

  /** Resolves once Kafka acknowledged all `messages`; see the class comment for failures. */
  submit(topic: string, messages: readonly ProduceMessage[], bytes: number): Promise<void> {
    if (!this.isAccepting) {
      return Promise.reject(new BackoffError('BROKER_UNAVAILABLE', 'the gateway is shutting down', 1));
    }
    if (this.bufferedBytes + bytes > this.options.maxBufferedBytes) {
      return Promise.reject(
        new BackoffError('BACKPRESSURE', 'the produce buffer is full: Kafka is behind, retry shortly', 1),
      );
    }
    try {
      this.circuit.admit();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return new Promise<void>((resolve, reject) => {
      const pending: Pending = { topic, messages, bytes, phase: 'queued', resolve, reject };
      pending.timer = setTimeout(() => this.expire(pending), this.options.timeoutMs);
      this.enqueue(pending);
    });
  }

  /** Stops accepting, sends everything queued and waits for the acks (graceful shutdown). */
  async drain(timeoutMs: number): Promise<{ readonly isComplete: boolean }> {
    this.isAccepting = false;
    this.flush();
    if (this.isIdle()) return { isComplete: true };
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const isComplete = await Promise.race([idle, late]);
    clearTimeout(timer);
    return { isComplete };
  }

  private enqueue(pending: Pending): void {
    let queue = this.queues.get(pending.topic);
    if (!queue) this.queues.set(pending.topic, (queue = { items: [], bytes: 0 }));
    queue.items.push(pending);
    queue.bytes += pending.bytes;
    this.changeBuffered(pending.bytes);
    if (this.options.lingerMs === 0 || queue.bytes >= this.options.maxBatchBytes) this.flush();
    else this.lingerTimer ??= setTimeout(() => this.flush(), this.options.lingerMs);
  }

  private flush(): void {
    clearTimeout(this.lingerTimer);
    this.lingerTimer = undefined;
    for (const [topic, queue] of this.queues) {
      while (queue.items.length > 0 && this.inFlight < this.options.maxInFlightBatches) {
        this.send(topic, this.takeBatch(queue));
      }
      if (queue.items.length === 0) this.queues.delete(topic);
    }
  }

  private takeBatch(queue: TopicQueue): Pending[] {
    const { items } = queue;
    let bytes = 0;
    let count = 0;
    while (
      count < items.length &&
      (count === 0 || bytes + items[count]!.bytes <= this.options.maxBatchBytes)
    ) {
      bytes += items[count]!.bytes;
      count++;
    }
    queue.bytes -= bytes;
    return items.splice(0, count);
  }

  private send(topic: string, batch: Pending[]): void {
    const messages: ProduceMessage[] = [];
    let bytes = 0;
    for (const pending of batch) {
      pending.phase = 'sent';
      bytes += pending.bytes;
      for (const message of pending.messages) messages.push(message);
    }
    this.inFlight++;
    const startedMs = performance.now();
    this.sink.send(topic, messages).then(
      () => this.settle(topic, batch, bytes, messages.length, startedMs, undefined),
      (error: unknown) => this.settle(topic, batch, bytes, messages.length, startedMs, error),
    );
  }

  private settle(
    topic: string,
    batch: Pending[],
    bytes: number,
    events: number,
    startedMs: number,
    error: unknown,
  ): void {
    this.inFlight--;
    this.changeBuffered(-bytes);
    this.observer?.batchSettled(topic, events, bytes, performance.now() - startedMs, error === undefined);
    if (error === undefined) {
      this.circuit.recordSuccess();
      for (const pending of batch) this.finish(pending);
    } else {
      const failure = asProduceFailure(error);
      if (failure.isBrokerOutage) {
        this.circuit.recordOutage(failure.message);
        this.failQueued();
      }
      const refusal = new BackoffError(
        'BROKER_UNAVAILABLE',
        `Kafka did not acknowledge the events: ${failure.message}`,
        1,
        { cause: failure },
      );
      for (const pending of batch) this.finish(pending, refusal);
    }
    this.flush();
    if (this.isIdle()) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** On an outage, queued requests fail now rather than each waiting for its own failed send. */
  private failQueued(): void {
    for (const [topic, queue] of this.queues) {
      for (const pending of queue.items) {
        this.changeBuffered(-pending.bytes);
        this.finish(
          pending,
          new BackoffError('BROKER_UNAVAILABLE', 'Kafka is unavailable; nothing was produced', 1),
        );
      }
      this.queues.delete(topic);
    }
  }

  private expire(pending: Pending): void {
    const queue = this.queues.get(pending.topic);
    if (pending.phase === 'queued' && queue) {
      queue.items.splice(queue.items.indexOf(pending), 1);
      queue.bytes -= pending.bytes;
      if (queue.items.length === 0) this.queues.delete(pending.topic);
      this.changeBuffered(-pending.bytes);
    }
    // A sent batch keeps its bytes counted until Kafka answers: the memory is still in use.
    const seconds = Math.ceil(this.options.timeoutMs / 1000);
    this.finish(
      pending,
      new BackoffError(
        'BROKER_UNAVAILABLE',
        `Kafka did not acknowledge within ${this.options.timeoutMs} ms`,
        seconds,
      ),
    );
  }

  private finish(pending: Pending, error?: Error): void {
    if (pending.phase === 'settled') return;
    pending.phase = 'settled';
    clearTimeout(pending.timer);
    if (error) pending.reject(error);
    else pending.resolve();
  }

  private changeBuffered(delta: number): void {
    this.bufferedBytes += delta;
    this.observer?.bufferChanged(this.bufferedBytes, this.options.maxBufferedBytes);
  }

  private isIdle(): boolean {
    return this.inFlight === 0 && this.queues.size === 0;
  }
}

function asProduceFailure(error: unknown): ProduceFailure {
  if (error instanceof ProduceFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ProduceFailure(message, true, error);
}
