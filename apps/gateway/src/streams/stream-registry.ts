import { SluiceError, type ErrorDetail, type StreamCatalog, type StreamDefinition } from '@sluice/contracts';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** A stream with its payload validator compiled once at start-up, never per request. */
export interface CompiledStream {
  readonly definition: StreamDefinition;
  /** Returns the schema violations of one payload, each with a JSON pointer; [] when valid. */
  validate(payload: unknown): ErrorDetail[];
}

/** The streams of the SLUICE_STREAMS file, looked up by name on every ingest request. */
export class StreamRegistry {
  private readonly streams = new Map<string, CompiledStream>();

  constructor(catalog: StreamCatalog) {
    // Same dialect as the file's own check (libs/contracts), plus formats such as date-time.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const definition of catalog.streams) {
      const validator = ajv.compile(definition.schema);
      this.streams.set(definition.name, {
        definition,
        validate: (payload) => violations(validator, payload),
      });
    }
  }

  list(): StreamDefinition[] {
    return [...this.streams.values()].map((s) => s.definition);
  }

  /** Throws STREAM_NOT_FOUND (404) for a name the definitions file does not declare. */
  get(name: string): CompiledStream {
    const stream = this.streams.get(name);
    if (!stream)
      throw new SluiceError('STREAM_NOT_FOUND', `no stream named '${name}'; GET /v1/streams lists them`);
    return stream;
  }
}

function violations(validator: ValidateFunction, payload: unknown): ErrorDetail[] {
  if (validator(payload)) return [];
  return (validator.errors ?? []).map((e) => ({ pointer: pointerOf(e), message: e.message ?? 'is invalid' }));
}

/** Points at the offending member itself where Ajv reports its parent (required, additional). */
function pointerOf(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const member = params.missingProperty ?? params.additionalProperty;
  return member === undefined ? error.instancePath : `${error.instancePath}/${escapePointer(member)}`;
}

/** RFC 6901 escaping of one reference token. */
export function escapePointer(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
