import type { Dialect, ScalarFunctionSpec } from './function-spec';
import { roundingFunctions } from './math-rounding-functions';
import { codecFunctions } from './string-codec-functions';
import { stringFunctions } from './string-functions';
import { padFunctions, positionFunctions } from './string-position-functions';
import { regexFunctions } from './string-regex-functions';

const ALL: readonly ScalarFunctionSpec[] = [...stringFunctions, ...positionFunctions, ...padFunctions, ...regexFunctions, ...codecFunctions, ...roundingFunctions];

const BY_NAME = new Map<string, ScalarFunctionSpec[]>();
for (const spec of ALL) BY_NAME.set(spec.name, [...(BY_NAME.get(spec.name) ?? []), spec]);

export function lookupScalarFunction(name: string, dialect: Dialect): ScalarFunctionSpec | undefined {
  return BY_NAME.get(name.toUpperCase())?.find((s) => !s.dialects || s.dialects.includes(dialect));
}

export function knownFunctionNames(dialect: Dialect): string[] {
  return ALL.filter((s) => !s.dialects || s.dialects.includes(dialect)).map((s) => s.name);
}
