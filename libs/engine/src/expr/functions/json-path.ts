import { javaDoubleToString } from '../../types/value-text';

/**
 * A small JSON reader that keeps each number's text (so 1.0 and 1 stay distinguishable, as in
 * Jackson's tree model), JSON path parsing for the `$.a.b[0]`, `$['a b']`, `[*]` subset that
 * Flink's JSON functions and Spark's GET_JSON_OBJECT accept, and path evaluation.
 */
export class JsonNumber {
  constructor(readonly raw: string) {}
}

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | Map<string, JsonValue>;

const FAIL = Symbol('fail');

/** Parses a JSON document; undefined when it is not valid JSON. A character scanner: this runs per row. */
export function parseJson(text: string): JsonValue | undefined {
  const reader = new JsonReader(text);
  const value = reader.value(0);
  if (value === FAIL) return undefined;
  reader.skip();
  return reader.pos === text.length ? value : undefined;
}

class JsonReader {
  pos = 0;

  constructor(private readonly text: string) {}

  skip(): void {
    const t = this.text;
    let p = this.pos;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      p++;
    }
    this.pos = p;
  }

  value(depth: number): JsonValue | typeof FAIL {
    if (depth > 512) return FAIL;
    this.skip();
    const t = this.text;
    switch (t.charCodeAt(this.pos)) {
      case 123: // {
        return this.object(depth);
      case 91: // [
        return this.array(depth);
      case 34: // "
        return this.string();
      case 116: // t
        return this.word('true', true);
      case 102: // f
        return this.word('false', false);
      case 110: // n
        return this.word('null', null);
      default:
        return this.number();
    }
  }

  private word(word: string, value: boolean | null): boolean | null | typeof FAIL {
    if (!this.text.startsWith(word, this.pos)) return FAIL;
    this.pos += word.length;
    return value;
  }

  private number(): JsonNumber | typeof FAIL {
    const t = this.text;
    const start = this.pos;
    let p = start;
    if (t.charCodeAt(p) === 45) p++;
    const intStart = p;
    while (isDigit(t.charCodeAt(p))) p++;
    if (p === intStart || (t.charCodeAt(intStart) === 48 && p - intStart > 1)) return FAIL;
    if (t.charCodeAt(p) === 46) {
      const fracStart = ++p;
      while (isDigit(t.charCodeAt(p))) p++;
      if (p === fracStart) return FAIL;
    }
    const e = t.charCodeAt(p);
    if (e === 101 || e === 69) {
      p++;
      const sign = t.charCodeAt(p);
      if (sign === 43 || sign === 45) p++;
      const expStart = p;
      while (isDigit(t.charCodeAt(p))) p++;
      if (p === expStart) return FAIL;
    }
    this.pos = p;
    return new JsonNumber(t.slice(start, p));
  }

  string(): string | typeof FAIL {
    const t = this.text;
    let i = this.pos + 1;
    let escaped = false;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 92) {
        escaped = true;
        i++;
      } else if (c === 34) break;
    }
    if (i >= t.length) return FAIL;
    const start = this.pos;
    this.pos = i + 1;
    if (!escaped) return t.slice(start + 1, i);
    try {
      return JSON.parse(t.slice(start, i + 1)) as string;
    } catch {
      return FAIL;
    }
  }

  private array(depth: number): JsonValue[] | typeof FAIL {
    this.pos++;
    const out: JsonValue[] = [];
    this.skip();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      const v = this.value(depth + 1);
      if (v === FAIL) return FAIL;
      out.push(v);
      this.skip();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 93) return out;
      if (c !== 44) return FAIL;
    }
  }

  private object(depth: number): Map<string, JsonValue> | typeof FAIL {
    this.pos++;
    const out = new Map<string, JsonValue>();
    this.skip();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skip();
      if (this.text.charCodeAt(this.pos) !== 34) return FAIL;
      const key = this.string();
      if (key === FAIL) return FAIL;
      this.skip();
      if (this.text.charCodeAt(this.pos++) !== 58) return FAIL;
      const v = this.value(depth + 1);
      if (v === FAIL) return FAIL;
      out.set(key, v);
      this.skip();
      const c = this.text.charCodeAt(this.pos++);
      if (c === 125) return out;
      if (c !== 44) return FAIL;
    }
  }
}

const isDigit = (c: number) => c >= 48 && c <= 57;

// ---------------------------------------------------------------------------------------------

export type PathStep = { readonly key: string } | { readonly index: number } | { readonly wildcard: true };

export interface JsonPath {
  readonly strict: boolean;
  readonly steps: readonly PathStep[];
  readonly hasWildcard: boolean;
}

const STEP = /\.([A-Za-z_$][\w$-]*|\*)|\.?\[\s*(?:(\d+)|\*|'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")\s*\]/y;

/** Parses '[lax|strict] $.a.b[0]'; undefined when the path is not understood. */
export function parseJsonPath(path: string): JsonPath | undefined {
  let text = path.trim();
  let strict = false;
  const mode = /^(lax|strict)\s+/i.exec(text);
  if (mode) {
    strict = mode[1].toLowerCase() === 'strict';
    text = text.slice(mode[0].length);
  }
  if (!text.startsWith('$')) return undefined;
  const steps: PathStep[] = [];
  let pos = 1;
  while (pos < text.length) {
    STEP.lastIndex = pos;
    const m = STEP.exec(text);
    if (!m) return undefined;
    pos = STEP.lastIndex;
    if (m[1] !== undefined) steps.push(m[1] === '*' ? { wildcard: true } : { key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else if (m[3] !== undefined || m[4] !== undefined) steps.push({ key: (m[3] ?? m[4]).replace(/\\(.)/g, '$1') });
    else steps.push({ wildcard: true });
  }
  return { strict, steps, hasWildcard: steps.some((s) => 'wildcard' in s) };
}

/**
 * All values the path selects; undefined on a strict-mode error. Lax mode (SQL/JSON) unwraps
 * arrays for member access and wraps scalars for [0]; `laxWrapping` false skips them instead
 * (Spark's GET_JSON_OBJECT).
 */
export function evaluateJsonPath(root: JsonValue, path: JsonPath, laxWrapping = !path.strict): JsonValue[] | undefined {
  let current: JsonValue[] = [root];
  for (const step of path.steps) {
    const next: JsonValue[] = [];
    for (const v of current) {
      if ('key' in step) {
        if (v instanceof Map) {
          if (v.has(step.key)) next.push(v.get(step.key)!);
          else if (path.strict) return undefined;
        } else if (Array.isArray(v) && laxWrapping) {
          for (const e of v) if (e instanceof Map && e.has(step.key)) next.push(e.get(step.key)!);
        } else if (path.strict) return undefined;
      } else if ('index' in step) {
        if (Array.isArray(v)) {
          if (step.index < v.length) next.push(v[step.index]);
          else if (path.strict) return undefined;
        } else if (laxWrapping && step.index === 0) next.push(v);
        else if (path.strict) return undefined;
      } else if (Array.isArray(v)) next.push(...v);
      else if (v instanceof Map) next.push(...v.values());
    }
    current = next;
  }
  return current;
}

/** Scalar text as Jackson renders it: integers verbatim, other numbers as Java doubles. */
export function jsonNumberText(n: JsonNumber): string {
  return /^-?\d+$/.test(n.raw) ? BigInt(n.raw).toString() : javaDoubleToString(Number(n.raw));
}

/** Compact JSON text of a value (Jackson's default writer). */
export function jsonText(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) return jsonNumberText(v);
  if (Array.isArray(v)) return `[${v.map(jsonText).join(',')}]`;
  const parts: string[] = [];
  for (const [k, e] of v) parts.push(`${JSON.stringify(k)}:${jsonText(e)}`);
  return `{${parts.join(',')}}`;
}

export const isJsonScalar = (v: JsonValue) => v === null || typeof v !== 'object' || v instanceof JsonNumber;
