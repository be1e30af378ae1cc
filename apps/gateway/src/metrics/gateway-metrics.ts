import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ProduceObserver } from '../kafka/produce-batcher';

/** Why events were not accepted; a bounded label set (never the error message). */
export type RejectReason = 'invalid' | 'too_large' | 'malformed' | 'backpressure' | 'unavailable' | 'error';

/**
 * Every Prometheus metric of the gateway, in its own registry (not prom-client's global one) so
 * several app instances in one process, as in tests, do not collide.
 */
export class GatewayMetrics implements ProduceObserver {
  readonly registry = new Registry();

  private readonly httpRequests = new Counter({
    name: 'sluice_gateway_http_requests_total',
    help: 'HTTP requests answered, by method, route and status code',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  private readonly eventsAccepted = new Counter({
    name: 'sluice_gateway_events_accepted_total',
    help: 'Events acknowledged by Kafka and answered 202, by stream',
    labelNames: ['stream'] as const,
    registers: [this.registry],
  });

  private readonly eventsRejected = new Counter({
    name: 'sluice_gateway_events_rejected_total',
    help: 'Events in requests that were refused, by stream and reason',
    labelNames: ['stream', 'reason'] as const,
    registers: [this.registry],
  });

  private readonly produceLatency = new Histogram({
    name: 'sluice_gateway_produce_latency_seconds',
    help: 'Time from sending a batch to Kafka until all in-sync replicas acknowledged it',
    labelNames: ['topic', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  private readonly produceBatchEvents = new Histogram({
    name: 'sluice_gateway_produce_batch_events',
    help: 'Events per Kafka produce call (how well concurrent requests are batched)',
    buckets: [1, 10, 50, 100, 500, 1000, 5000, 10000, 50000],
    registers: [this.registry],
  });

  private readonly bufferBytes = new Gauge({
    name: 'sluice_gateway_produce_buffer_bytes',
    help: 'Bytes of events queued for or in flight to Kafka',
    registers: [this.registry],
  });

  private readonly bufferFill = new Gauge({
    name: 'sluice_gateway_produce_buffer_fill_ratio',
    help: 'Produce buffer use, 0..1; at 1 requests are refused with 429',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'sluice_gateway_' });
  }

  countRequest(method: string, route: string, status: number): void {
    this.httpRequests.inc({ method, route, status: String(status) });
  }

  countAccepted(stream: string, events: number): void {
    this.eventsAccepted.inc({ stream }, events);
  }

  countRejected(stream: string, reason: RejectReason, events: number): void {
    this.eventsRejected.inc({ stream, reason }, events);
  }

  batchSettled(topic: string, events: number, _bytes: number, durationMs: number, ok: boolean): void {
    this.produceLatency.observe({ topic, outcome: ok ? 'acked' : 'failed' }, durationMs / 1000);
    this.produceBatchEvents.observe(events);
  }

  bufferChanged(bufferedBytes: number, maxBufferedBytes: number): void {
    this.bufferBytes.set(bufferedBytes);
    this.bufferFill.set(bufferedBytes / maxBufferedBytes);
  }
}
