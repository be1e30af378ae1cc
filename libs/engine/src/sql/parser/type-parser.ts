import type { TypeName } from '../ast';
import { TokenCursor } from './token-cursor';

const SIMPLE_ALIASES: Record<string, string> = {
  INTEGER: 'INT',
  LONG: 'BIGINT',
  SHORT: 'SMALLINT',
  BYTE: 'TINYINT',
  REAL: 'FLOAT',
  NUMERIC: 'DECIMAL',
  DEC: 'DECIMAL',
  BOOL: 'BOOLEAN',
  TEXT: 'STRING',
  BINARY: 'BYTES',
  VARBINARY: 'BYTES',
};

const KNOWN = new Set([
  'BOOLEAN', 'TINYINT', 'SMALLINT', 'INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'DECIMAL', 'STRING', 'VARCHAR', 'CHAR',
  'BYTES', 'DATE', 'TIME', 'TIMESTAMP', 'TIMESTAMP_LTZ', 'TIMESTAMP_NTZ', 'ARRAY', 'MAP', 'ROW', 'STRUCT', 'INTERVAL',
  'NULL', 'MULTISET', 'RAW', 'VOID',
]);

/** Parses SQL type names of both dialects into one TypeName shape. */
export class TypeParser extends TokenCursor {
  parseTypeName(): TypeName {
    const pos = this.pos;
    const t = this.current;
    if (t.type !== 'ident') throw this.unexpected('a type name');
    this.advance();
    let name = SIMPLE_ALIASES[t.upper] ?? t.upper;
    if (name === 'DOUBLE') this.acceptKeyword('PRECISION');
    if (name === 'CHARACTER') name = this.acceptKeyword('VARYING') ? 'VARCHAR' : 'CHAR';
    if (!KNOWN.has(name)) throw this.error(`unknown type '${t.text}'`, pos);
    if (name === 'TIMESTAMP_NTZ') name = 'TIMESTAMP';
    if (name === 'STRUCT') name = 'ROW';
    if (name === 'ARRAY' || name === 'MAP' || (name === 'ROW' && this.isOp('<'))) return this.parseComposite(name, pos);
    if (name === 'ROW' && this.isOp('(')) return this.parseRowParens(pos);
    if (name === 'INTERVAL') return this.parseIntervalType(pos);
    const params: number[] = [];
    if (this.acceptOp('(')) {
      params.push(this.expectInteger('a type parameter'));
      while (this.acceptOp(',')) params.push(this.expectInteger('a type parameter'));
      this.expectOp(')');
    }
    if (name === 'TIMESTAMP' || name === 'TIME') {
      if (this.acceptKeyword('WITH', 'LOCAL', 'TIME', 'ZONE')) name = name === 'TIMESTAMP' ? 'TIMESTAMP_LTZ' : name;
      else this.acceptKeyword('WITHOUT', 'TIME', 'ZONE');
    }
    return this.finishType({ name, params, pos });
  }

  private finishType(type: TypeName): TypeName {
    if (this.isKeyword('NOT') && this.isKeyword('NULL', 1)) {
      this.advance();
      this.advance();
      return { ...type, notNull: true };
    }
    return type;
  }

  private parseComposite(name: string, pos: TypeName['pos']): TypeName {
    this.expectOp('<');
    if (name === 'ARRAY') {
      const element = this.parseTypeName();
      this.expectCloseAngle();
      return this.finishType({ name, params: [], element, pos });
    }
    if (name === 'MAP') {
      const key = this.parseTypeName();
      this.expectOp(',');
      const element = this.parseTypeName();
      this.expectCloseAngle();
      return this.finishType({ name, params: [], key, element, pos });
    }
    const fields: { name: string; type: TypeName }[] = [];
    do {
      const fieldName = this.expectIdentifier('a field name');
      this.acceptOp(':');
      fields.push({ name: fieldName, type: this.parseTypeName() });
      if (this.current.type === 'string') this.advance(); // field comment
    } while (this.acceptOp(','));
    this.expectCloseAngle();
    return this.finishType({ name: 'ROW', params: [], fields, pos });
  }

  private parseRowParens(pos: TypeName['pos']): TypeName {
    this.expectOp('(');
    const fields: { name: string; type: TypeName }[] = [];
    do {
      const fieldName = this.expectIdentifier('a field name');
      fields.push({ name: fieldName, type: this.parseTypeName() });
    } while (this.acceptOp(','));
    this.expectOp(')');
    return this.finishType({ name: 'ROW', params: [], fields, pos });
  }

  /** `>>` is lexed as two '>' tokens already, so nested generics close naturally. */
  private expectCloseAngle(): void {
    this.expectOp('>');
  }

  private parseIntervalType(pos: TypeName['pos']): TypeName {
    const from = this.expectIdentifier('an interval unit').toUpperCase();
    let to = from;
    if (this.acceptKeyword('TO')) to = this.expectIdentifier('an interval unit').toUpperCase();
    const yearMonth = (u: string) => u === 'YEAR' || u === 'MONTH';
    return { name: yearMonth(from) && yearMonth(to) ? 'INTERVAL_YEAR_MONTH' : 'INTERVAL_DAY_TIME', params: [], pos };
  }
}
