import { T } from '../../types/sql-type';
import { checkArity } from './function-helpers';
import type { ScalarFunctionSpec } from './function-spec';

/**
 * PROCTIME() (Flink): the processing-time attribute, TIMESTAMP_LTZ(3) marked *PROCTIME*. It is
 * evaluated when the row is read; its value is the wall clock, so it is never constant-folded.
 */
export const timeAttributeFunctions: readonly ScalarFunctionSpec[] = [
  {
    name: 'PROCTIME',
    dialects: ['flink'],
    resolve(args) {
      checkArity('PROCTIME', 'PROCTIME()', args, 0);
      return { returnType: { ...T.timestampLtz(3, false), timeAttribute: 'proctime' }, deterministic: false, impl: () => Date.now() };
    },
  },
];
