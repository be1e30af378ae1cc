import { SluiceError } from '@sluice/contracts';
import { decodeValue, encodeValue } from './value-codec';

/** Current format of operator snapshots; bump when a layout changes and keep readers for old ones. */
export const STATE_FORMAT_VERSION = 1;

/**
 * Anything that holds state across rows. `snapshot` returns plain data (engine values allowed);
 * `restore` takes what an earlier snapshot returned, possibly in another process.
 */
export interface Checkpointable {
  snapshot(): unknown;
  restore(state: unknown): void;
}

/** A whole pipeline's state: one entry per stateful operator, by stable operator id. */
export interface PipelineSnapshot {
  readonly version: number;
  readonly operators: Readonly<Record<string, unknown>>;
}

export function encodeSnapshot(snapshot: PipelineSnapshot): Uint8Array {
  return Buffer.from(JSON.stringify({ version: snapshot.version, operators: encodeValue(snapshot.operators) }), 'utf8');
}

export function decodeSnapshot(bytes: Uint8Array): PipelineSnapshot {
  let parsed: { version?: unknown; operators?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new SluiceError('STATE_INCOMPATIBLE', 'state snapshot is not valid JSON', { cause: error });
  }
  if (parsed.version !== STATE_FORMAT_VERSION)
    throw new SluiceError('STATE_INCOMPATIBLE', `state snapshot has format version ${String(parsed.version)}, this engine reads version ${STATE_FORMAT_VERSION}`);
  return { version: STATE_FORMAT_VERSION, operators: decodeValue(parsed.operators) as Record<string, unknown> };
}
