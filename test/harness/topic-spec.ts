/** A topic to create before tests or services start, e.g. `orders:4`. */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
}

/** Parses `a:4,b:2` (partitions default to 1 when `:n` is left out). */
export function parseTopicSpecs(text: string): TopicSpec[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      // Split on the last ':' so the rule matches the mock broker's own parser.
      const colon = part.lastIndexOf(':');
      const name = colon < 0 ? part : part.slice(0, colon);
      const partitions = colon < 0 ? 1 : Number(part.slice(colon + 1));
      if (!/^[A-Za-z0-9._-]{1,249}$/.test(name) || !Number.isInteger(partitions) || partitions < 1) {
        throw new Error(`bad topic "${part}": expected name:partitions, e.g. orders:4`);
      }
      return { name, partitions };
    });
}
