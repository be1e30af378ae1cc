/**
 * The Bid workload shared by the streaming and MATCH_RECOGNIZE benchmarks (and by a JVM engine
 * measured on the same machine): mulberry32 seeded with 42; per event three unsigned 32-bit
 * draws give auction = u % 10000, bidder = u % 100000, price = (u % 100000) / 100; ts = i ms.
 */
export const BID_DDL = `CREATE TABLE Bid (auction BIGINT, bidder BIGINT, price DOUBLE, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
  WITH ('connector' = 'bench')`;

export interface BidColumns {
  readonly auction: Int32Array;
  readonly bidder: Int32Array;
  readonly price: Float64Array;
}

export function mulberry32Uint(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

export function generateBids(count: number): BidColumns {
  const next = mulberry32Uint(42);
  const auction = new Int32Array(count);
  const bidder = new Int32Array(count);
  const price = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    auction[i] = next() % 10000;
    bidder[i] = next() % 100000;
    price[i] = (next() % 100000) / 100;
  }
  return { auction, bidder, price };
}

/** Engine rows need bigints for BIGINT columns: prebuilt outside the timed loop (the values repeat). */
export function bigintTable(size: number): bigint[] {
  return Array.from({ length: size }, (_, i) => BigInt(i));
}
