/**
 * The one table that maps every stable error code to its HTTP status, title and retry policy.
 * Nothing else in Sluice repeats this mapping (STYLE.md 2.4); edges look codes up here.
 */
export interface ErrorCodeInfo {
  readonly status: number;
  readonly title: string;
  readonly retriable: boolean;
}

export const ERROR_CODES = {
  SQL_SYNTAX: { status: 422, title: 'SQL syntax error', retriable: false },
  PLAN_UNKNOWN_COLUMN: { status: 422, title: 'Unknown column', retriable: false },
  PLAN_UNKNOWN_TABLE: { status: 422, title: 'Unknown table', retriable: false },
  PLAN_UNKNOWN_FUNCTION: { status: 422, title: 'Unknown function', retriable: false },
  PLAN_AMBIGUOUS_COLUMN: { status: 422, title: 'Ambiguous column', retriable: false },
  PLAN_TYPE_MISMATCH: { status: 422, title: 'Type mismatch', retriable: false },
  PLAN_INVALID: { status: 422, title: 'Invalid query', retriable: false },
  NOT_SUPPORTED: { status: 422, title: 'Not supported yet', retriable: false },
  CONFIG_INVALID: { status: 500, title: 'Invalid configuration', retriable: false },
  STREAMS_FILE_INVALID: { status: 500, title: 'Invalid stream definitions', retriable: false },
  STREAM_NOT_FOUND: { status: 404, title: 'Unknown stream', retriable: false },
  EVENT_INVALID: { status: 400, title: 'Invalid event', retriable: false },
  REQUEST_MALFORMED: { status: 400, title: 'Malformed request body', retriable: false },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request too large', retriable: false },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported content type', retriable: false },
  UNAUTHENTICATED: { status: 401, title: 'Missing or invalid API key', retriable: false },
  FORBIDDEN: { status: 403, title: 'API key lacks the required scope', retriable: false },
  NOT_FOUND: { status: 404, title: 'Not found', retriable: false },
  BACKPRESSURE: { status: 429, title: 'Too many requests', retriable: true },
  BROKER_UNAVAILABLE: { status: 503, title: 'Kafka unavailable', retriable: true },
  SINK_UNAVAILABLE: { status: 503, title: 'Sink unavailable', retriable: true },
  SOURCE_UNAVAILABLE: { status: 503, title: 'Source unavailable', retriable: true },
  DATABASE_UNAVAILABLE: { status: 503, title: 'Database unavailable', retriable: true },
  EXECUTION_FAILED: { status: 500, title: 'Execution failed', retriable: false },
  ARITHMETIC_OVERFLOW: { status: 422, title: 'Arithmetic overflow', retriable: false },
  DIVISION_BY_ZERO: { status: 422, title: 'Division by zero', retriable: false },
  CAST_INVALID: { status: 422, title: 'Invalid cast', retriable: false },
  RESOURCES_EXHAUSTED: { status: 503, title: 'Resources exhausted', retriable: true },
  STATE_INCOMPATIBLE: { status: 500, title: 'Incompatible state snapshot', retriable: false },
  INTERNAL: { status: 500, title: 'Internal error (likely a bug in Sluice)', retriable: false },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** Problem `type` URI for RFC 9457 responses: stable, one per code. */
export function problemTypeOf(code: ErrorCode): string {
  return `https://sluice.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

export function errorCodeInfo(code: ErrorCode): ErrorCodeInfo {
  return ERROR_CODES[code];
}
