import type { Dialect, ScalarFunctionSpec } from './function-spec';
import { collectionFunctions } from './collection-functions';
import { conditionalFunctions } from './conditional-functions';
import { datetimeFunctions } from './datetime-functions';
import { jsonFunctions } from './json-functions';
import { mathFunctions } from './math-functions';
import { stringFunctions } from './string-functions';
import { timeAttributeFunctions } from './time-attribute-functions';
import { typeofFunctions } from './typeof-function';

/**
 * The registry of built-in scalar functions for both dialects. A name may have one spec per
 * dialect; lookups are case-insensitive.
 */
const ALL: readonly ScalarFunctionSpec[] = [
  ...stringFunctions,
  ...mathFunctions,
  ...datetimeFunctions,
  ...jsonFunctions,
  ...conditionalFunctions,
  ...collectionFunctions,
  ...timeAttributeFunctions,
  ...typeofFunctions,
];

const byDialect: Record<Dialect, Map<string, ScalarFunctionSpec>> = { flink: new Map(), spark: new Map() };
for (const spec of ALL) {
  for (const dialect of spec.dialects ?? (['flink', 'spark'] as const)) {
    const registry = byDialect[dialect];
    // A dialect-specific entry wins over a shared one registered under the same name.
    if (!registry.has(spec.name) || spec.dialects) registry.set(spec.name, spec);
  }
}

export function lookupScalarFunction(name: string, dialect: Dialect): ScalarFunctionSpec | undefined {
  return byDialect[dialect].get(name.toUpperCase());
}

/** Names known in a dialect, for "did you mean" hints. */
export function knownFunctionNames(dialect: Dialect): string[] {
  return [...byDialect[dialect].keys()].filter((n) => /^[A-Z]/.test(n)).sort();
}
