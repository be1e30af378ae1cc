import { RUN_PARAMETER_NAMES } from '@sluice/engine';

/**
 * Sample values for the parameters the batch runner sets on every run, so job SQL can be checked
 * at deploy time without declaring them. Substitution itself is the engine's
 * `substituteJobParameters` (the same code the batch runner uses).
 */
const SAMPLES: Readonly<Record<(typeof RUN_PARAMETER_NAMES)[number], string>> = {
  run_date: '2000-01-01',
  window_start: '2000-01-01 00:00:00',
  window_end: '2000-01-02 00:00:00',
};

export const RESERVED_PARAMETERS: Readonly<Record<string, string>> = SAMPLES;
