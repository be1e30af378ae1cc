const UNIT_MS: [RegExp, number][] = [
  [/^(ms|milli|millis|millisecond|milliseconds)$/, 1],
  [/^(s|sec|secs|second|seconds)$/, 1000],
  [/^(m|min|mins|minute|minutes)$/, 60_000],
  [/^(h|hour|hours)$/, 3_600_000],
  [/^(d|day|days)$/, 86_400_000],
];

/**
 * Durations as Flink options and Sluice files write them: `250ms`, `5s`, `10 s`, `2 min`, `1h`,
 * `1 d`, or a bare number of milliseconds. Undefined when the text is not a duration.
 */
export function parseDurationMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(value);
  if (!match) return undefined;
  if (match[2] === '') return Number(match[1]);
  const unit = UNIT_MS.find(([re]) => re.test(match[2].toLowerCase()));
  return unit ? Number(match[1]) * unit[1] : undefined;
}
