import { T, isIntegral, numericRank, withNullable, type SqlType } from '../../types/sql-type';
import { wrapInt } from '../../types/cast-numeric';
import type { ResolvedFunction, ScalarFunctionSpec } from './function-spec';
import { aliases, argumentError, checkArity, defineFunction } from './function-helpers';

/**
 * Bitwise operators on integral types: `a & b`, `a | b`, `a ^ b` (sent as BITAND, BITOR,
 * BITXOR) and `~a` (sent as '~'), plus Spark's SHIFTLEFT/SHIFTRIGHT. The result has the wider
 * operand type; BIGINT works on 64-bit two's complement.
 */
function integralType(name: string, sig: string, args: readonly SqlType[]): SqlType {
  let widest: SqlType | undefined;
  for (const a of args) {
    if (a.kind === 'NULL') continue;
    if (!isIntegral(a)) throw argumentError(name, sig, args);
    if (!widest || numericRank(a) > numericRank(widest)) widest = a;
  }
  return withNullable(widest ?? T.int(), args.some((a) => a.nullable || a.kind === 'NULL'));
}

const bitsOf = (t: SqlType) => (t.kind === 'INT' ? 32 : t.kind === 'SMALLINT' ? 16 : 8);

function binary(name: string, numberOp: (a: number, b: number) => number, bigOp: (a: bigint, b: bigint) => bigint): ScalarFunctionSpec {
  return defineFunction(name, (args): ResolvedFunction => {
    const sig = '(INTEGRAL, INTEGRAL)';
    checkArity(name, sig, args, 2);
    const type = integralType(name, sig, args);
    if (type.kind === 'BIGINT') {
      return { returnType: type, argTypes: [type, type], impl: (a, b) => BigInt.asIntN(64, bigOp(a as bigint, b as bigint)) };
    }
    const bits = bitsOf(type);
    return { returnType: type, argTypes: [type, type], impl: (a, b) => wrapInt(numberOp(a as number, b as number), bits) };
  });
}

const bitNot = defineFunction('~', (args): ResolvedFunction => {
  checkArity('~', '(INTEGRAL)', args, 1);
  const type = integralType('~', '(INTEGRAL)', args);
  if (type.kind === 'BIGINT') return { returnType: type, argTypes: [type], impl: (a) => ~(a as bigint) };
  const bits = bitsOf(type);
  return { returnType: type, argTypes: [type], impl: (a) => wrapInt(~(a as number), bits) };
});

/** Spark SHIFTLEFT/SHIFTRIGHT(a, n): INT or BIGINT, shift count taken modulo the width as in Java. */
function shift(name: string, left: boolean): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args): ResolvedFunction => {
      const sig = '(INT | BIGINT, INT)';
      checkArity(name, sig, args, 2);
      const type = integralType(name, sig, [args[0]]);
      const n = T.int(args[1].nullable);
      if (type.kind === 'BIGINT') {
        const impl = (a: unknown, k: unknown) => {
          const s = BigInt((k as number) & 63);
          return left ? BigInt.asIntN(64, (a as bigint) << s) : (a as bigint) >> s;
        };
        return { returnType: type, argTypes: [type, n], impl };
      }
      const int = withNullable(T.int(), type.nullable);
      return { returnType: int, argTypes: [int, n], impl: (a, k) => (left ? (a as number) << (k as number) : (a as number) >> (k as number)) };
    },
    ['spark'],
  );
}

const bitNotNamed = aliases(bitNot, ['BITNOT'])[0];

export const bitwiseFunctions: readonly ScalarFunctionSpec[] = [
  binary('BITAND', (a, b) => a & b, (a, b) => a & b),
  binary('BITOR', (a, b) => a | b, (a, b) => a | b),
  binary('BITXOR', (a, b) => a ^ b, (a, b) => a ^ b),
  bitNot,
  bitNotNamed,
  shift('SHIFTLEFT', true),
  shift('SHIFTRIGHT', false),
];
