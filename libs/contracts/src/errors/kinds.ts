import type { ErrorCode } from './codes';
import { SluiceError, type SluiceErrorOptions, type SourcePosition } from './sluice-error';

/**
 * Error kinds by stage (DataFusion's error.rs idea). Each kind only fixes a default code;
 * the code still decides HTTP status and retry policy through the one table.
 */
export class SqlSyntaxError extends SluiceError {
  constructor(message: string, position: SourcePosition, options: Omit<SluiceErrorOptions, 'position'> = {}) {
    super('SQL_SYNTAX', message, { ...options, position });
  }
}

export class PlanError extends SluiceError {
  constructor(code: ErrorCode, message: string, options: SluiceErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A feature that is not built yet. Always points at the SQL that asked for it. */
export class NotSupportedError extends SluiceError {
  constructor(feature: string, position: SourcePosition | undefined, options: SluiceErrorOptions = {}) {
    super('NOT_SUPPORTED', `${feature} is not supported yet`, { ...options, position });
  }
}

export class ConfigError extends SluiceError {
  constructor(message: string, options: SluiceErrorOptions = {}) {
    super('CONFIG_INVALID', message, options);
  }
}

export class ExecutionError extends SluiceError {
  constructor(code: ErrorCode, message: string, options: SluiceErrorOptions = {}) {
    super(code, message, options);
  }
}

export class ResourceExhaustedError extends SluiceError {
  constructor(message: string, options: SluiceErrorOptions = {}) {
    super('RESOURCES_EXHAUSTED', message, options);
  }
}

/** Reaching this is a bug in Sluice, not in the user's input. */
export class InternalError extends SluiceError {
  constructor(message: string, options: SluiceErrorOptions = {}) {
    super('INTERNAL', `internal error (likely a bug): ${message}`, options);
  }
}
