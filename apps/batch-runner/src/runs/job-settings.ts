import { parseDurationMs, SluiceError } from '@sluice/contracts';
import { parseScript, substituteJobParameters } from '@sluice/engine';

/** How the runner treats one job, from its script's `SET sluice.batch.*` and table options. */
export interface JobSettings {
  readonly maxConcurrentRuns: number;
  readonly attempts: number;
  readonly timeoutMs: number;
  /** Reads a source incrementally: runs go one at a time, in order, whatever the settings say. */
  readonly isIncremental: boolean;
}

export interface SettingDefaults {
  readonly maxConcurrentPerJob: number;
  readonly attempts: number;
  readonly timeoutMs: number;
}

const SAMPLE = {
  run_date: '2000-01-01',
  window_start: '2000-01-01 00:00:00',
  window_end: '2000-01-02 00:00:00',
};

/**
 * Reads the settings from the parsed script (no I/O, no planning):
 *   SET sluice.batch.max-concurrent-runs = 2;  SET sluice.batch.attempts = 5;
 *   SET sluice.batch.timeout = '30 min';
 * A script that does not parse gets the defaults; its run fails with the real error.
 */
export function jobSettings(
  sql: string,
  parameters: Readonly<Record<string, string>>,
  defaults: SettingDefaults,
): JobSettings {
  let statements: ReturnType<typeof parseScript>;
  try {
    statements = parseScript(substituteJobParameters(sql, { ...SAMPLE, ...parameters }).text, 'spark');
  } catch (error) {
    if (error instanceof SluiceError)
      return {
        maxConcurrentRuns: defaults.maxConcurrentPerJob,
        attempts: defaults.attempts,
        timeoutMs: defaults.timeoutMs,
        isIncremental: false,
      };
    throw error;
  }
  const set = new Map<string, string>();
  let isIncremental = false;
  for (const s of statements) {
    if (s.kind === 'set' && s.key && s.value !== undefined) set.set(s.key.toLowerCase(), s.value);
    if (
      s.kind === 'createTable' &&
      [...s.options].some(([k, v]) => k.toLowerCase() === 'sluice.incremental' && v.toLowerCase() === 'true')
    )
      isIncremental = true;
  }
  const whole = (key: string, fallback: number) => {
    const n = Number(set.get(key));
    return set.has(key) && Number.isInteger(n) && n >= 1 ? n : fallback;
  };
  return {
    maxConcurrentRuns: isIncremental
      ? 1
      : whole('sluice.batch.max-concurrent-runs', defaults.maxConcurrentPerJob),
    attempts: whole('sluice.batch.attempts', defaults.attempts),
    timeoutMs: parseDurationMs(set.get('sluice.batch.timeout')) ?? defaults.timeoutMs,
    isIncremental,
  };
}
