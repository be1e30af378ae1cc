/**
 * Window assignment of Flink's window TVFs (TumblingWindowAssigner / SlidingWindowAssigner /
 * CumulativeWindowAssigner): which [start, end) windows contain a row with timestamp `ts` (ms).
 */
export type WindowAssigner = (ts: number) => readonly (readonly [number, number])[];

/** Start of the window of `size` (with `offset`) containing ts; correct for negative timestamps. */
export function windowStart(ts: number, offset: number, size: number): number {
  const remainder = (ts - offset) % size;
  return remainder < 0 ? ts - (remainder + size) : ts - remainder;
}

export function tumbleAssigner(sizeMs: number, offsetMs: number): WindowAssigner {
  return (ts) => {
    const start = windowStart(ts, offsetMs, sizeMs);
    return [[start, start + sizeMs]];
  };
}

/** HOP: every window of `size` starting at a multiple of `slide` that contains ts, oldest first. */
export function hopAssigner(sizeMs: number, slideMs: number, offsetMs: number): WindowAssigner {
  return (ts) => {
    const windows: [number, number][] = [];
    const last = windowStart(ts, offsetMs, slideMs);
    for (let start = last; start > ts - sizeMs; start -= slideMs) windows.unshift([start, start + sizeMs]);
    return windows;
  };
}

/** CUMULATE: windows [s, s + step), [s, s + 2 step), ... [s, s + maxSize) containing ts. */
export function cumulateAssigner(maxSizeMs: number, stepMs: number, offsetMs: number): WindowAssigner {
  return (ts) => {
    const start = windowStart(ts, offsetMs, maxSizeMs);
    const windows: [number, number][] = [];
    for (let end = start + stepMs; end <= start + maxSizeMs; end += stepMs) if (end > ts) windows.push([start, end]);
    return windows;
  };
}
