/**
 * Exact fixed-point decimal: value = unscaled / 10^scale. Arithmetic is done on bigints, never
 * on JavaScript floats (the SQL DECIMAL contract). Rounding is HALF_UP, as in Flink and Spark.
 * Instances are immutable.
 */
export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  static fromString(text: string): Decimal | undefined {
    const m = /^\s*([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
    if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) return undefined;
    const intPart = m[2] || '0';
    const fracPart = m[3] ?? '';
    let unscaled = BigInt(intPart + fracPart);
    let scale = fracPart.length;
    const exp = m[4] ? Number(m[4]) : 0;
    if (exp > 0) {
      if (exp >= scale) {
        unscaled *= pow10(exp - scale);
        scale = 0;
      } else scale -= exp;
    } else if (exp < 0) scale -= exp;
    return new Decimal(m[1] === '-' ? -unscaled : unscaled, scale);
  }

  static fromBigInt(value: bigint): Decimal {
    return new Decimal(value, 0);
  }

  /** Exact conversion of a double (its shortest round-trip decimal form), e.g. 0.1 -> 0.1. */
  static fromNumber(value: number): Decimal | undefined {
    if (!Number.isFinite(value)) return undefined;
    return Decimal.fromString(String(value));
  }

  /** Rescales with HALF_UP rounding. */
  rescale(scale: number): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.unscaled * pow10(scale - this.scale), scale);
    return new Decimal(divRoundHalfUp(this.unscaled, pow10(this.scale - scale)), scale);
  }

  /** Number of significant digits of the unscaled value (SQL precision); 1 for zero. */
  digits(): number {
    const abs = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    return abs === 0n ? 1 : abs.toString().length;
  }

  /** True when the value fits DECIMAL(precision, this.scale). */
  fits(precision: number): boolean {
    const abs = this.unscaled < 0n ? -this.unscaled : this.unscaled;
    return abs < pow10(precision);
  }

  add(other: Decimal): Decimal {
    const s = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(s).unscaled + other.rescale(s).unscaled, s);
  }

  subtract(other: Decimal): Decimal {
    const s = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(s).unscaled - other.rescale(s).unscaled, s);
  }

  multiply(other: Decimal): Decimal {
    return new Decimal(this.unscaled * other.unscaled, this.scale + other.scale);
  }

  /** Quotient rounded HALF_UP to `scale` digits; undefined when dividing by zero. */
  divide(other: Decimal, scale: number): Decimal | undefined {
    if (other.unscaled === 0n) return undefined;
    // a/10^sa / (b/10^sb) = a*10^(sb - sa + scale) / b / 10^scale
    const shift = other.scale - this.scale + scale;
    const num = shift >= 0 ? this.unscaled * pow10(shift) : this.unscaled;
    const den = shift >= 0 ? other.unscaled : other.unscaled * pow10(-shift);
    return new Decimal(divRoundHalfUp(num, den), scale);
  }

  /** Remainder with the sign of the dividend (SQL MOD). */
  remainder(other: Decimal): Decimal | undefined {
    if (other.unscaled === 0n) return undefined;
    const s = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(s).unscaled % other.rescale(s).unscaled, s);
  }

  negate(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  abs(): Decimal {
    return this.unscaled < 0n ? this.negate() : this;
  }

  sign(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  compare(other: Decimal): number {
    if (this.scale === other.scale) return cmp(this.unscaled, other.unscaled);
    const s = Math.max(this.scale, other.scale);
    return cmp(this.rescale(s).unscaled, other.rescale(s).unscaled);
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  /** Round towards negative infinity to `scale` digits. */
  floor(scale = 0): Decimal {
    if (scale >= this.scale) return this.rescale(scale);
    const d = pow10(this.scale - scale);
    let q = this.unscaled / d;
    if (this.unscaled % d !== 0n && this.unscaled < 0n) q -= 1n;
    return new Decimal(q, scale);
  }

  ceil(scale = 0): Decimal {
    return this.negate().floor(scale).negate();
  }

  /** Truncate toward zero to an integer (CAST DECIMAL AS INT/BIGINT). */
  toBigInt(): bigint {
    return this.unscaled / pow10(this.scale);
  }

  toNumber(): number {
    return Number(this.toString());
  }

  /** Plain notation with exactly `scale` fraction digits, e.g. 12.50, -0.05, 7. */
  toString(): string {
    const negative = this.unscaled < 0n;
    let digits = (negative ? -this.unscaled : this.unscaled).toString();
    if (this.scale <= 0) return (negative ? '-' : '') + digits + '0'.repeat(-this.scale);
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const cut = digits.length - this.scale;
    return `${negative ? '-' : ''}${digits.slice(0, cut)}.${digits.slice(cut)}`;
  }

  /** A key that is equal for numerically equal decimals (1.0 and 1.00), for hashing. */
  hashKey(): string {
    let u = this.unscaled;
    let s = this.scale;
    while (s > 0 && u % 10n === 0n) {
      u /= 10n;
      s--;
    }
    return `${u}e${-s}`;
  }
}

const POW10: bigint[] = [1n];
export function pow10(n: number): bigint {
  for (let i = POW10.length; i <= n; i++) POW10.push(POW10[i - 1] * 10n);
  return POW10[n];
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Integer division rounding half away from zero. */
export function divRoundHalfUp(num: bigint, den: bigint): bigint {
  const negative = num < 0n !== den < 0n;
  const n = num < 0n ? -num : num;
  const d = den < 0n ? -den : den;
  let q = n / d;
  if ((n % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}
