import type { Dialect } from '../expr/functions/function-spec';
import { decimalType, integralAsDecimal, shapeOf, widerDecimalShape } from './decimal-typing';
import {
  T,
  isApproximate,
  isCharacter,
  isInterval,
  isNumeric,
  numericRank,
  sameKind,
  withNullable,
  withoutTimeAttribute,
  type SqlType,
} from './sql-type';

/**
 * Common super type of several expressions. 'wider' is for CASE, COALESCE, IN lists, UNION
 * and VALUES (Flink: LogicalTypeMerging.findCommonType; Spark: TypeCoercion.findWiderCommonType,
 * which promotes to STRING); 'comparison' is for binary comparisons (Spark:
 * findCommonTypeForBinaryComparison, which casts the string side to the other type; Flink:
 * Calcite's binary comparison coercion does the same).
 */
export type CoercionPurpose = 'wider' | 'comparison';

export function commonSuperType(
  types: readonly SqlType[],
  dialect: Dialect,
  purpose: CoercionPurpose = 'wider',
): SqlType | undefined {
  let result: SqlType | undefined;
  let nullable = false;
  for (const t of types) {
    nullable ||= t.nullable || t.kind === 'NULL';
    if (t.kind === 'NULL') continue;
    const plain = withoutTimeAttribute(t);
    if (!result) {
      result = plain;
      continue;
    }
    const next = widerPair(result, plain, dialect, purpose);
    if (!next) return undefined;
    result = next;
  }
  if (!result) return types.length > 0 ? T.null() : undefined;
  return withNullable(result, nullable);
}

/** The type both operands of `a <op> b` are cast to before comparing. */
export function comparisonType(left: SqlType, right: SqlType, dialect: Dialect): SqlType | undefined {
  return commonSuperType([left, right], dialect, 'comparison');
}

function widerPair(a: SqlType, b: SqlType, dialect: Dialect, purpose: CoercionPurpose): SqlType | undefined {
  if (sameKind(a, b) && a.kind !== 'ARRAY' && a.kind !== 'MAP' && a.kind !== 'ROW') return a;
  if (isCharacter(a) && isCharacter(b)) return T.string();
  if (isNumeric(a) && isNumeric(b)) return widerNumeric(a, b, dialect);
  if (isCharacter(a) || isCharacter(b)) return stringAndOther(isCharacter(a) ? b : a, dialect, purpose);
  switch (a.kind) {
    case 'DATE':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return widerDateTime(a, b);
    case 'TIME':
      return b.kind === 'TIME' ? (a.precision ?? 0) >= (b.precision ?? 0) ? a : b : undefined;
    case 'ARRAY': {
      if (b.kind !== 'ARRAY') return undefined;
      const element = commonSuperType([a.element!, b.element!], dialect, purpose);
      return element && T.array(element);
    }
    case 'MAP': {
      if (b.kind !== 'MAP') return undefined;
      const key = commonSuperType([a.key!, b.key!], dialect, purpose);
      const value = commonSuperType([a.element!, b.element!], dialect, purpose);
      return key && value && T.map(key, value);
    }
    case 'ROW':
      return widerRow(a, b, dialect, purpose);
    default:
      return isInterval(a) && a.kind === b.kind ? a : undefined;
  }
}

function widerNumeric(a: SqlType, b: SqlType, dialect: Dialect): SqlType {
  if (isApproximate(a) || isApproximate(b)) {
    if (a.kind === 'DOUBLE' || b.kind === 'DOUBLE' || a.kind === 'DECIMAL' || b.kind === 'DECIMAL') return T.double();
    return T.float();
  }
  if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') {
    const x = a.kind === 'DECIMAL' ? shapeOf(a) : integralAsDecimal(a, dialect);
    const y = b.kind === 'DECIMAL' ? shapeOf(b) : integralAsDecimal(b, dialect);
    return decimalType(widerDecimalShape(x.precision, x.scale, y.precision, y.scale, dialect));
  }
  return numericRank(a) >= numericRank(b) ? a : b;
}

function widerDateTime(a: SqlType, b: SqlType): SqlType | undefined {
  if (b.kind !== 'DATE' && b.kind !== 'TIMESTAMP' && b.kind !== 'TIMESTAMP_LTZ') return undefined;
  if (a.kind === 'DATE' && b.kind === 'DATE') return a;
  const precision = Math.max(a.kind === 'DATE' ? 0 : a.precision ?? 3, b.kind === 'DATE' ? 0 : b.precision ?? 3);
  return a.kind === 'TIMESTAMP_LTZ' || b.kind === 'TIMESTAMP_LTZ' ? T.timestampLtz(precision) : T.timestamp(precision);
}

function stringAndOther(other: SqlType, dialect: Dialect, purpose: CoercionPurpose): SqlType | undefined {
  if (purpose === 'comparison') {
    if (isNumeric(other)) return dialect === 'spark' && other.kind === 'DECIMAL' ? T.double() : other;
    if (other.kind === 'DATE' || other.kind === 'TIMESTAMP' || other.kind === 'TIMESTAMP_LTZ') return other;
    if (other.kind === 'BOOLEAN' || other.kind === 'TIME') return other;
    return undefined;
  }
  // Flink (Calcite's implicit coercion) casts the string to the other type; real Flink rejects
  // some of these in CASE/UNION, but the binder also merges comparison operands here.
  if (dialect === 'flink') return stringAndOther(other, dialect, 'comparison');
  // Spark's stringPromotion: any atomic type except BOOLEAN and BINARY widens to STRING.
  if (isNumeric(other) || isInterval(other) || ['DATE', 'TIMESTAMP', 'TIMESTAMP_LTZ', 'TIME'].includes(other.kind)) {
    return T.string();
  }
  return undefined;
}

function widerRow(a: SqlType, b: SqlType, dialect: Dialect, purpose: CoercionPurpose): SqlType | undefined {
  if (b.kind !== 'ROW' || a.fields!.length !== b.fields!.length) return undefined;
  const fields: { name: string; type: SqlType }[] = [];
  for (let i = 0; i < a.fields!.length; i++) {
    const type = commonSuperType([a.fields![i].type, b.fields![i].type], dialect, purpose);
    if (!type) return undefined;
    fields.push({ name: a.fields![i].name, type });
  }
  return T.row(fields);
}

