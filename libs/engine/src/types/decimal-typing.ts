import { T, type SqlType } from './sql-type';

/**
 * Result precision and scale of DECIMAL operations. Flink: LogicalTypeMerging
 * (findAdditionDecimalType, findMultiplicationDecimalType, findDivisionDecimalType,
 * findModuloDecimalType, findRoundDecimalType). Spark: DecimalPrecision /
 * DecimalType.adjustPrecisionScale with spark.sql.decimalOperations.allowPrecisionLoss=true.
 * Both follow SQL Server: when p exceeds 38 the scale shrinks, keeping at least 6 digits.
 */
export const MAX_DECIMAL_PRECISION = 38;
const MINIMUM_ADJUSTED_SCALE = 6;

export interface DecimalShape {
  readonly precision: number;
  readonly scale: number;
}

export function adjustPrecisionScale(precision: number, scale: number): DecimalShape {
  if (precision <= MAX_DECIMAL_PRECISION) return { precision, scale };
  if (scale < 0) return { precision: MAX_DECIMAL_PRECISION, scale };
  const intDigits = precision - scale;
  const minScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
  return { precision: MAX_DECIMAL_PRECISION, scale: Math.max(MAX_DECIMAL_PRECISION - intDigits, minScale) };
}

export type DecimalOp = '+' | '-' | '*' | '/' | '%';

/** Result shape of `a op b` for DECIMAL(p1,s1) and DECIMAL(p2,s2); same rules in both engines. */
export function decimalArithmeticShape(op: DecimalOp, p1: number, s1: number, p2: number, s2: number): DecimalShape {
  switch (op) {
    case '+':
    case '-': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.max(p1 - s1, p2 - s2) + scale + 1, scale);
    }
    case '*':
      return adjustPrecisionScale(p1 + p2 + 1, s1 + s2);
    case '/': {
      const scale = Math.max(MINIMUM_ADJUSTED_SCALE, s1 + p2 + 1);
      return adjustPrecisionScale(p1 - s1 + s2 + scale, scale);
    }
    case '%': {
      const scale = Math.max(s1, s2);
      return adjustPrecisionScale(Math.min(p1 - s1, p2 - s2) + scale, scale);
    }
  }
}

/**
 * DECIMAL shape an integral type takes in DECIMAL arithmetic. Spark gives BIGINT 20 digits
 * and integral literals exactly the digits they need (DecimalType.forLiteral); Flink uses the
 * SQL precisions 3/5/10/19.
 */
export function integralAsDecimal(t: SqlType, dialect: 'flink' | 'spark', literal?: unknown): DecimalShape {
  if (dialect === 'spark' && (typeof literal === 'number' || typeof literal === 'bigint')) {
    const digits = (literal < 0 ? -BigInt(literal) : BigInt(literal)).toString().length;
    return { precision: digits, scale: 0 };
  }
  switch (t.kind) {
    case 'TINYINT':
      return { precision: 3, scale: 0 };
    case 'SMALLINT':
      return { precision: 5, scale: 0 };
    case 'INT':
      return { precision: 10, scale: 0 };
    default:
      return { precision: dialect === 'spark' ? 20 : 19, scale: 0 };
  }
}

/** Spark's DecimalType.forType for FLOAT/DOUBLE (used when widening them with DECIMAL). */
export function approximateAsDecimal(t: SqlType): DecimalShape {
  return t.kind === 'FLOAT' ? { precision: 14, scale: 7 } : { precision: 30, scale: 15 };
}

/**
 * The DECIMAL both values fit in (CASE, UNION, comparison). Flink:
 * createCommonExactNumericType; Spark: widerDecimalType, bounded at 38.
 */
export function widerDecimalShape(p1: number, s1: number, p2: number, s2: number, dialect: 'flink' | 'spark'): DecimalShape {
  if (dialect === 'flink') {
    const d = Math.min(Math.max(p1 - s1, p2 - s2), MAX_DECIMAL_PRECISION);
    const s = Math.min(Math.max(s1, s2), MAX_DECIMAL_PRECISION - d);
    return { precision: d + s, scale: s };
  }
  const scale = Math.max(s1, s2);
  const range = Math.max(p1 - s1, p2 - s2);
  return { precision: Math.min(range + scale, MAX_DECIMAL_PRECISION), scale: Math.min(scale, MAX_DECIMAL_PRECISION) };
}

/** Result type of ROUND/TRUNCATE(DECIMAL(p,s), r). */
export function roundDecimalShape(p: number, s: number, r: number, dialect: 'flink' | 'spark'): DecimalShape {
  if (dialect === 'flink') {
    if (r >= s) return { precision: p, scale: s };
    if (r < 0) return { precision: Math.min(MAX_DECIMAL_PRECISION, 1 + p - s), scale: 0 };
    return { precision: 1 + p - s + r, scale: r };
  }
  const integral = p - s + 1;
  if (r < 0) return { precision: Math.min(Math.max(integral, -r + 1), MAX_DECIMAL_PRECISION), scale: 0 };
  const scale = Math.min(s, r);
  return { precision: Math.min(integral + scale, MAX_DECIMAL_PRECISION), scale };
}

export function decimalType(shape: DecimalShape, nullable = true): SqlType {
  return T.decimal(shape.precision, shape.scale, nullable);
}

export function shapeOf(t: SqlType): DecimalShape {
  return { precision: t.precision ?? 10, scale: t.scale ?? 0 };
}
