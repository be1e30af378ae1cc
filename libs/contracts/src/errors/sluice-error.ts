import { ERROR_CODES, type ErrorCode } from './codes';

/** A position in a SQL script or document, 1-based. */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

export interface SluiceErrorOptions {
  position?: SourcePosition;
  cause?: unknown;
  /** Extra structured details (per-event validation problems, ...). */
  details?: readonly ErrorDetail[];
  /** Overrides the code table's retry policy for this instance. */
  retriable?: boolean;
}

/** One problem inside a larger request (an event of a batch, a field of a file). */
export interface ErrorDetail {
  readonly index?: number;
  readonly pointer?: string;
  readonly message: string;
}

/**
 * Base of every error Sluice raises on purpose. It carries a stable `code` (looked up in
 * ERROR_CODES), whether a retry may help, and where in the input the problem is.
 */
export class SluiceError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly position?: SourcePosition;
  readonly details: readonly ErrorDetail[];

  constructor(code: ErrorCode, message: string, options: SluiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.retriable = options.retriable ?? ERROR_CODES[code].retriable;
    this.position = options.position;
    this.details = options.details ?? [];
  }

  static isSluiceError(error: unknown): error is SluiceError {
    return error instanceof SluiceError;
  }
}
