/** The raw text of an application/x-ndjson request; split into events by decodeEventBatch. */
export class NdjsonBody {
  constructor(readonly text: string) {}
}

export const NDJSON_CONTENT_TYPE = 'application/x-ndjson';
