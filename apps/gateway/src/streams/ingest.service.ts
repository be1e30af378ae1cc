import { Inject, Injectable } from '@nestjs/common';
import { SluiceError } from '@sluice/contracts';
import { APP_CONFIG } from '../app-tokens';
import type { GatewayConfig } from '../config';
import { ProduceBatcher } from '../kafka/produce-batcher';
import { GatewayMetrics, type RejectReason } from '../metrics/gateway-metrics';
import { decodeEventBatch } from './decode-event-batch';
import { prepareEvents, type IngestContext } from './prepare-events';
import { StreamRegistry } from './stream-registry';

export interface IngestResult {
  readonly accepted: number;
  readonly eventIds: string[];
}

/**
 * POST /v1/streams/{stream}/events without the HTTP: decode, validate every event, then wait
 * until Kafka acknowledged all of them. Throws SluiceErrors only; the filter maps them.
 */
@Injectable()
export class IngestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: GatewayConfig,
    private readonly streams: StreamRegistry,
    private readonly batcher: ProduceBatcher,
    private readonly metrics: GatewayMetrics,
  ) {}

  async ingest(streamName: string, body: unknown, context: IngestContext): Promise<IngestResult> {
    const stream = this.streams.get(streamName);
    let events = 0;
    try {
      const decoded = decodeEventBatch(body, this.config.ingest.maxEventsPerRequest);
      events = decoded.length;
      const prepared = prepareEvents(stream, decoded, context, Date.now());
      await this.batcher.submit(stream.definition.topic, prepared.messages, prepared.bytes);
      this.metrics.countAccepted(streamName, events);
      return { accepted: events, eventIds: prepared.eventIds };
    } catch (error) {
      this.metrics.countRejected(streamName, rejectReason(error), Math.max(events, 1));
      throw error;
    }
  }
}

function rejectReason(error: unknown): RejectReason {
  if (!(error instanceof SluiceError)) return 'error';
  switch (error.code) {
    case 'EVENT_INVALID':
      return 'invalid';
    case 'REQUEST_MALFORMED':
      return 'malformed';
    case 'PAYLOAD_TOO_LARGE':
      return 'too_large';
    case 'BACKPRESSURE':
      return 'backpressure';
    case 'BROKER_UNAVAILABLE':
      return 'unavailable';
    default:
      return 'error';
  }
}
