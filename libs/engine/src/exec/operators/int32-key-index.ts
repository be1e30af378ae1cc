/**
 * Group ids of 32-bit integer keys: an open-addressing hash table over typed arrays (linear
 * probing, Fibonacci hashing), the primitive-key fast path of a hash aggregate (as DataFusion and
 * Flink specialise their aggregate hash maps for fixed-width keys). Faster than a JS Map for
 * GROUP BY on INT columns; other keys stay in a Map.
 */
export class Int32KeyIndex {
  private keys: Int32Array;
  private ids: Int32Array;
  private mask: number;
  private size = 0;

  constructor(capacity = 1024) {
    const slots = 1 << Math.ceil(Math.log2(Math.max(16, capacity)));
    this.keys = new Int32Array(slots);
    this.ids = new Int32Array(slots).fill(-1);
    this.mask = slots - 1;
  }

  /** The id stored for `key`, or -1. */
  get(key: number): number {
    const { keys, ids, mask } = this;
    let i = slotOf(key) & mask;
    for (;;) {
      const id = ids[i];
      if (id < 0) return -1;
      if (keys[i] === key) return id;
      i = (i + 1) & mask;
    }
  }

  /** Stores a new key (absent, as get() returned -1). */
  set(key: number, id: number): void {
    if ((this.size + 1) * 2 > this.ids.length) this.grow();
    this.insert(key, id);
    this.size++;
  }

  private insert(key: number, id: number): void {
    const { keys, ids, mask } = this;
    let i = slotOf(key) & mask;
    while (ids[i] >= 0) i = (i + 1) & mask;
    keys[i] = key;
    ids[i] = id;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.ids = new Int32Array(oldIds.length * 2).fill(-1);
    this.mask = this.ids.length - 1;
    for (let i = 0; i < oldIds.length; i++) if (oldIds[i] >= 0) this.insert(oldKeys[i], oldIds[i]);
  }
}

/** Fibonacci hashing: multiply by 2^32 / phi and keep the well-mixed high bits. */
function slotOf(key: number): number {
  const h = Math.imul(key, 0x9e3779b1);
  return (h ^ (h >>> 15)) >>> 0;
}

/** True when a JS value is a 32-bit integer (INT, SMALLINT, TINYINT and integral DOUBLE keys). */
export function isInt32(v: unknown): v is number {
  return typeof v === 'number' && (v | 0) === v;
}
