// Kafka: envelopes of the registered streams as rows of their tables.
export { compileStreamRowDecoder, isDecodeProblem, type DecodeProblem, type StreamRowDecoder } from './stream-row-decoder';
