import Ajv2020 from 'ajv/dist/2020';
import { parseDocument } from 'yaml';
import { SluiceError, type ErrorDetail } from '../errors';
import { parseDurationMs } from './duration';
import type { StreamCatalog, StreamDefinition } from './stream-definition';

/**
 * Parses the stream definitions file (YAML):
 *
 * ```yaml
 * streams:
 *   - name: orders            # [a-z][a-z0-9_]*, also the table name rules use
 *     topic: sluice.orders    # defaults to sluice.<name>
 *     partitions: 4           # defaults to 1
 *     key: customerId         # payload field keying the Kafka message
 *     eventTime: ts           # payload field with the event time
 *     maxOutOfOrderness: 5s   # watermark delay; defaults to 0
 *     schema: { type: object, properties: { ... }, required: [ ... ] }
 * ```
 *
 * Every problem is reported with its JSON pointer; nothing is reported one at a time.
 */
export function parseStreamDefinitions(text: string, sourceName = 'streams.yaml'): StreamCatalog {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const details = doc.errors.map((e) => ({ pointer: '', message: `${e.message}` }));
    throw invalid(sourceName, details);
  }
  return validateStreamDefinitions(doc.toJS(), sourceName);
}

const NAME = /^[a-z][a-z0-9_]*$/;
const TOPIC = /^[a-zA-Z0-9._-]{1,249}$/;
const KNOWN_KEYS = new Set(['name', 'topic', 'partitions', 'key', 'eventTime', 'maxOutOfOrderness', 'schema']);

export function validateStreamDefinitions(raw: unknown, sourceName = 'streams.yaml'): StreamCatalog {
  const problems: ErrorDetail[] = [];
  const add = (pointer: string, message: string) => problems.push({ pointer, message });
  if (typeof raw !== 'object' || raw === null || !Array.isArray((raw as { streams?: unknown }).streams)) {
    throw invalid(sourceName, [{ pointer: '/streams', message: 'expected a list of streams under "streams:"' }]);
  }
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const seen = new Map<string, number>();
  const streams: StreamDefinition[] = [];
  (raw as { streams: unknown[] }).streams.forEach((entry, i) => {
    const at = `/streams/${i}`;
    if (typeof entry !== 'object' || entry === null) return add(at, 'expected a mapping');
    const s = entry as Record<string, unknown>;
    for (const k of Object.keys(s)) if (!KNOWN_KEYS.has(k)) add(`${at}/${k}`, `unknown field '${k}'`);
    const name = typeof s.name === 'string' ? s.name : '';
    if (!NAME.test(name)) add(`${at}/name`, 'required, lower-case letters, digits and _ starting with a letter');
    else if (seen.has(name)) add(`${at}/name`, `duplicate stream name '${name}' (also /streams/${seen.get(name)})`);
    else seen.set(name, i);
    const topic = s.topic === undefined ? `sluice.${name}` : s.topic;
    if (typeof topic !== 'string' || !TOPIC.test(topic)) add(`${at}/topic`, 'must be a valid Kafka topic name');
    const partitions = s.partitions ?? 1;
    if (!Number.isInteger(partitions) || (partitions as number) < 1) add(`${at}/partitions`, 'must be an integer >= 1');
    const schema = s.schema;
    const properties = isObject(schema) && isObject(schema.properties) ? schema.properties : undefined;
    if (!isObject(schema)) add(`${at}/schema`, 'required: the JSON Schema of the payload');
    else if (schema.type !== 'object' || !properties) add(`${at}/schema`, 'must be an object schema with "properties"');
    else if (!ajv.validateSchema(schema)) add(`${at}/schema`, `not a valid JSON Schema: ${ajv.errorsText(ajv.errors)}`);
    for (const field of ['key', 'eventTime'] as const) {
      const value = s[field];
      if (typeof value !== 'string' || value === '') add(`${at}/${field}`, 'required: a payload field name');
      else if (properties && !(value in properties)) add(`${at}/${field}`, `'${value}' is not a property of the schema`);
    }
    const delay = parseDurationMs(s.maxOutOfOrderness ?? 0);
    if (delay === undefined) add(`${at}/maxOutOfOrderness`, "expected a duration such as '5s', '250ms' or a number of ms");
    streams.push({
      name,
      topic: String(topic),
      partitions: Number(partitions),
      keyField: String(s.key),
      eventTimeField: String(s.eventTime),
      maxOutOfOrdernessMs: delay ?? 0,
      schema: (schema ?? {}) as Record<string, unknown>,
    });
  });
  if (problems.length > 0) throw invalid(sourceName, problems);
  return { streams };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(sourceName: string, details: ErrorDetail[]): SluiceError {
  const lines = details.map((d) => `  ${d.pointer || '/'}: ${d.message}`).join('\n');
  return new SluiceError('STREAMS_FILE_INVALID', `${sourceName}: ${details.length} problem(s)\n${lines}`, { details });
}
