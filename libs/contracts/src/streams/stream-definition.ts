/** One stream as declared in the stream definitions file (SLUICE_STREAMS). */
export interface StreamDefinition {
  readonly name: string;
  readonly topic: string;
  readonly partitions: number;
  /** Payload field whose value keys the Kafka message (and so picks the partition). */
  readonly keyField: string;
  /** Payload field holding the event time (ISO-8601 string or epoch milliseconds). */
  readonly eventTimeField: string;
  /** Bounded out-of-orderness for the stream's watermark, in milliseconds. */
  readonly maxOutOfOrdernessMs: number;
  /** JSON Schema (draft 2020-12 / draft-07 subset Ajv understands) of the payload. */
  readonly schema: Readonly<Record<string, unknown>>;
}

export interface StreamCatalog {
  readonly streams: readonly StreamDefinition[];
}

export function findStream(catalog: StreamCatalog, name: string): StreamDefinition | undefined {
  return catalog.streams.find((s) => s.name === name);
}
