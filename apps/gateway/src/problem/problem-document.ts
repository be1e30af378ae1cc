import { HttpException } from '@nestjs/common';
import { ERROR_CODES, problemTypeOf, SluiceError, type ErrorCode, type ErrorDetail } from '@sluice/contracts';
import { BackoffError } from './backoff.error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** An RFC 9457 problem document with Sluice's extension members. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  /** Stable error code from the one code table (libs/contracts errors/codes.ts). */
  readonly code: ErrorCode;
  /** The request id, to find the matching log lines. */
  readonly correlationId: string;
  /** Per-event or per-field problems: index (event), JSON pointer, message. */
  readonly errors?: readonly ErrorDetail[];
  /** Position of a SQL error, 1-based. */
  readonly line?: number;
  readonly column?: number;
}

export interface Problem {
  readonly document: ProblemDocument;
  /** Seconds for Retry-After, set on 429 and 503. */
  readonly retryAfterSeconds?: number;
  /** True when the error was not raised on purpose: log it with its stack. */
  readonly isUnexpected: boolean;
}

/**
 * Statuses that Nest or Fastify produce themselves (unknown route, body too large, bad JSON,
 * wrong content type) and the code each stands for. Everything else is INTERNAL.
 */
const FRAMEWORK_STATUS_CODES: Readonly<Record<number, ErrorCode>> = {
  400: 'REQUEST_MALFORMED',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** Maps any thrown value to a problem document, through the one code table only. */
export function toProblem(error: unknown, instance: string, correlationId: string): Problem {
  if (error instanceof SluiceError) {
    const info = ERROR_CODES[error.code];
    const document: ProblemDocument = {
      ...base(error.code, error.message, instance, correlationId),
      ...(error.details.length > 0 ? { errors: error.details } : {}),
      ...(error.position ? { line: error.position.line, column: error.position.column } : {}),
    };
    const isBackoffStatus = info.status === 429 || info.status === 503;
    const retryAfterSeconds =
      error instanceof BackoffError ? error.retryAfterSeconds : isBackoffStatus ? 1 : undefined;
    return { document, retryAfterSeconds, isUnexpected: info.status >= 500 && !error.retriable };
  }
  const status = statusOf(error);
  const code = status === undefined ? undefined : FRAMEWORK_STATUS_CODES[status];
  if (code)
    return { document: base(code, (error as Error).message, instance, correlationId), isUnexpected: false };
  const detail = `an unexpected error occurred; quote correlation id ${correlationId} when reporting it`;
  return { document: base('INTERNAL', detail, instance, correlationId), isUnexpected: true };
}

function base(code: ErrorCode, detail: string, instance: string, correlationId: string): ProblemDocument {
  const { status, title } = ERROR_CODES[code];
  return { type: problemTypeOf(code), title, status, detail, instance, code, correlationId };
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500 ? statusCode : undefined;
}
