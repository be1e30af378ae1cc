/** The five streaming queries of issue "Engine II", over the Bid table of bid-workload.ts. */
export const STREAMING_QUERIES: Record<string, { sql: string; sources: number }> = {
  a: { sql: 'SELECT auction, price * 0.9 AS p FROM Bid WHERE price > 500', sources: 1 },
  b: {
    sql: `SELECT window_start, window_end, auction, COUNT(*) AS n, MAX(price) AS top
          FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, auction`,
    sources: 1,
  },
  c: {
    sql: `SELECT window_start, window_end, auction, COUNT(*) AS n, MAX(price) AS top
          FROM TABLE(HOP(TABLE Bid, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) GROUP BY window_start, window_end, auction`,
    sources: 1,
  },
  d: {
    sql: `SELECT window_start, window_end, auction, COUNT(*) AS n, MAX(price) AS top
          FROM TABLE(SESSION(TABLE Bid PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '0.1' SECOND)) GROUP BY auction, window_start, window_end`,
    sources: 1,
  },
  e: {
    sql: `SELECT a.auction, a.price, b.price AS other FROM Bid a JOIN Bid b
          ON a.auction = b.auction AND a.ts BETWEEN b.ts - INTERVAL '1' SECOND AND b.ts + INTERVAL '1' SECOND`,
    sources: 2,
  },
};

/** Hand-written reference output counts on the first n events (a check, not a timing). */
export function referenceCount(query: string, cols: { auction: Int32Array; price: Float64Array }, n: number): number {
  switch (query) {
    case 'a': {
      let c = 0;
      for (let i = 0; i < n; i++) if (cols.price[i] > 500) c++;
      return c;
    }
    case 'b': {
      const groups = new Set<number>();
      for (let i = 0; i < n; i++) groups.add(Math.floor(i / 10_000) * 10_000 + cols.auction[i]);
      return groups.size;
    }
    case 'c': {
      const groups = new Set<string>();
      for (let i = 0; i < n; i++) for (let s = Math.floor(i / 2000) * 2000; s > i - 10_000; s -= 2000) if (s > -10_000) groups.add(`${s}:${cols.auction[i]}`);
      return groups.size;
    }
    case 'd': {
      const last = new Map<number, number>();
      let sessions = 0;
      for (let i = 0; i < n; i++) {
        const prev = last.get(cols.auction[i]);
        if (prev === undefined || i - prev >= 100) sessions++;
        last.set(cols.auction[i], i);
      }
      return sessions;
    }
    case 'e': {
      const byAuction = new Map<number, number[]>();
      let pairs = 0;
      for (let i = 0; i < n; i++) {
        const list = byAuction.get(cols.auction[i]) ?? [];
        for (const j of list) if (i - j <= 1000) pairs += 2; // (i, j) and (j, i)
        pairs++; // (i, i)
        list.push(i);
        byAuction.set(cols.auction[i], list);
      }
      return pairs;
    }
    default:
      throw new Error(`unknown query ${query}`);
  }
}
