import { SluiceError, type ErrorCode, type SluiceErrorOptions } from '@sluice/contracts';

/**
 * A refusal the client should retry later (429 backpressure, 503 broker outage). It carries
 * how long to wait, which the problem filter sends as `Retry-After`.
 */
export class BackoffError extends SluiceError {
  constructor(
    code: Extract<ErrorCode, 'BACKPRESSURE' | 'BROKER_UNAVAILABLE' | 'DATABASE_UNAVAILABLE'>,
    message: string,
    readonly retryAfterSeconds: number,
    options: SluiceErrorOptions = {},
  ) {
    super(code, message, { ...options, retriable: true });
  }
}
