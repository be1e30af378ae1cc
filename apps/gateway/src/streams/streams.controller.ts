import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiHeader,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { SluiceError } from '@sluice/contracts';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { canSeeStream, type Principal } from '../auth/principal';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiProblemResponses } from '../problem/api-problem-responses';
import { IngestService, type IngestResult } from './ingest.service';
import { NDJSON_CONTENT_TYPE } from './ndjson-body';
import { StreamRegistry } from './stream-registry';
import {
  EVENTS_BODY_SCHEMA,
  INGEST_RESULT_SCHEMA,
  STREAM_LIST_SCHEMA,
  STREAM_SCHEMA,
  streamView,
} from './stream.schemas';

const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

@ApiTags('streams')
@ApiBearerAuth()
@Controller('v1/streams')
export class StreamsController {
  constructor(
    private readonly streams: StreamRegistry,
    private readonly ingestService: IngestService,
  ) {}

  @Get()
  @RequireScope('authenticated')
  @ApiOperation({
    summary: 'List the streams this API key may write to (all of them for admin and ingest:*)',
  })
  @ApiResponse({ status: 200, schema: STREAM_LIST_SCHEMA })
  @ApiProblemResponses('UNAUTHENTICATED')
  list(@CurrentPrincipal() principal: Principal): { streams: Record<string, unknown>[] } {
    const visible = this.streams.list().filter((s) => canSeeStream(principal, s.name));
    return { streams: visible.map(streamView) };
  }

  @Get(':stream')
  @RequireScope('authenticated')
  @ApiOperation({ summary: 'One stream definition: topic, key field, event-time field and JSON Schema' })
  @ApiResponse({ status: 200, schema: STREAM_SCHEMA })
  @ApiProblemResponses('UNAUTHENTICATED', 'STREAM_NOT_FOUND')
  get(@Param('stream') name: string, @CurrentPrincipal() principal: Principal): Record<string, unknown> {
    if (!canSeeStream(principal, name))
      throw new SluiceError('STREAM_NOT_FOUND', `no stream named '${name}' for this API key`);
    return streamView(this.streams.get(name).definition);
  }

  @Post(':stream/events')
  @HttpCode(202)
  @RequireScope('ingest')
  @ApiOperation({
    summary: 'Ingest events into a stream',
    description:
      'Accepts one JSON object, a JSON array of objects, or NDJSON. Every event is validated against the ' +
      "stream's JSON Schema; one invalid event rejects the whole request and nothing is produced. Each event " +
      'gets an eventId (its own `eventId` member, else derived from Idempotency-Key and its index, else a ' +
      'UUIDv7) and is produced to Kafka keyed by the stream key field with acks from all in-sync replicas. ' +
      '202 comes only after Kafka acknowledged every event. Requires scope ingest:<stream> or ingest:*.',
  })
  @ApiConsumes('application/json', NDJSON_CONTENT_TYPE)
  @ApiBody({ required: true, schema: EVENTS_BODY_SCHEMA })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'same key + same body = same event ids on a retry',
  })
  @ApiResponse({
    status: 202,
    description: 'every event acknowledged by Kafka',
    schema: INGEST_RESULT_SCHEMA,
  })
  @ApiProblemResponses(
    'EVENT_INVALID',
    'REQUEST_MALFORMED',
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'STREAM_NOT_FOUND',
    'PAYLOAD_TOO_LARGE',
    'UNSUPPORTED_MEDIA_TYPE',
    'BACKPRESSURE',
    'BROKER_UNAVAILABLE',
    'DATABASE_UNAVAILABLE',
  )
  ingest(
    @Param('stream') stream: string,
    @Body() body: unknown,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IngestResult> {
    if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new SluiceError(
        'REQUEST_MALFORMED',
        'Idempotency-Key must be 1 to 255 printable ASCII characters',
      );
    }
    return this.ingestService.ingest(stream, body, { apiKeyId: principal.keyId, idempotencyKey });
  }
}
