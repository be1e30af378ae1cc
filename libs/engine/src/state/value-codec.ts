import { Decimal } from '../types/decimal';

/**
 * Encodes engine values (bigint, Decimal, Map, Uint8Array, NaN/±Infinity, nested arrays and plain
 * objects) as JSON with tagged objects, so state snapshots survive a process boundary exactly.
 */
export function encodeValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'bigint':
      return { $b: value.toString() };
    case 'number':
      return Number.isFinite(value) ? value : { $n: String(value) };
    case 'string':
    case 'boolean':
      return value;
  }
  if (value instanceof Decimal) return { $d: [value.unscaled.toString(), value.scale] };
  if (Array.isArray(value)) return value.map(encodeValue);
  if (value instanceof Map) return { $m: [...value].map(([k, v]) => [encodeValue(k), encodeValue(v)]) };
  if (value instanceof Uint8Array) return { $u: Buffer.from(value).toString('base64') };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = encodeValue(v);
  return { $o: out };
}

export function decodeValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decodeValue);
  const v = value as Record<string, unknown>;
  if ('$b' in v) return BigInt(v.$b as string);
  if ('$n' in v) return Number(v.$n);
  if ('$d' in v) {
    const [u, s] = v.$d as [string, number];
    return new Decimal(BigInt(u), s);
  }
  if ('$m' in v) return new Map((v.$m as [unknown, unknown][]).map(([k, x]) => [decodeValue(k), decodeValue(x)]));
  if ('$u' in v) return Uint8Array.from(Buffer.from(v.$u as string, 'base64'));
  if ('$o' in v) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v.$o as Record<string, unknown>)) out[k] = decodeValue(x);
    return out;
  }
  return v;
}
