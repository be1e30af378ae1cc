import type { Checkpointable } from './snapshot';

/**
 * Per-key state of one operator (Flink's keyed state). Keys are the engine's group keys
 * (primitives or composite strings); values are plain data or objects with their own
 * snapshot/restore through `codec`. `size` is what the state-bound tests count.
 */
export class KeyedState<V> implements Checkpointable {
  private readonly map = new Map<unknown, V>();

  constructor(
    private readonly codec: { save(v: V): unknown; load(s: unknown): V } = { save: (v) => v, load: (s) => s as V },
  ) {}

  get(key: unknown): V | undefined {
    return this.map.get(key);
  }
  set(key: unknown, value: V): void {
    this.map.set(key, value);
  }
  delete(key: unknown): void {
    this.map.delete(key);
  }
  has(key: unknown): boolean {
    return this.map.has(key);
  }
  get size(): number {
    return this.map.size;
  }
  entries(): IterableIterator<[unknown, V]> {
    return this.map.entries();
  }
  values(): IterableIterator<V> {
    return this.map.values();
  }
  clear(): void {
    this.map.clear();
  }

  snapshot(): unknown {
    return [...this.map].map(([k, v]) => [k, this.codec.save(v)]);
  }
  restore(state: unknown): void {
    this.map.clear();
    for (const [k, s] of state as [unknown, unknown][]) this.map.set(k, this.codec.load(s));
  }
}
