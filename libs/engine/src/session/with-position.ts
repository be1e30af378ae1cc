import { SluiceError, type SourcePosition } from '@sluice/contracts';

/** Adds a statement's position to an error raised without one (e.g. by the physical planner). */
export function withPosition(error: unknown, pos: SourcePosition): unknown {
  if (!(error instanceof SluiceError) || error.position) return error;
  return new SluiceError(error.code, error.message, { position: pos, cause: error, details: error.details, retriable: error.retriable });
}
