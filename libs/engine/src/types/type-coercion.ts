/**
 * Type coercion entry point: common super types (CASE, COALESCE, IN, UNION, VALUES,
 * comparisons), arithmetic operator resolution and unary minus. The rules live in
 * common-type.ts, arithmetic.ts and temporal-arithmetic.ts; DECIMAL precision rules in
 * decimal-typing.ts.
 */
export { commonSuperType, comparisonType, type CoercionPurpose } from './common-type';
export { resolveArithmetic, resolveNegate, type ArithmeticOp } from './arithmetic';
export {
  adjustPrecisionScale,
  decimalArithmeticShape,
  integralAsDecimal,
  roundDecimalShape,
  widerDecimalShape,
  MAX_DECIMAL_PRECISION,
  type DecimalShape,
} from './decimal-typing';
