/**
 * The two MATCH_RECOGNIZE queries of issue "Engine III" over the Bid table of the streaming
 * benchmark (bench/engine-streaming/bid-workload.ts), and hand-written references for their
 * match counts (a check, not a timing).
 */
export const MATCH_QUERIES: Record<string, string> = {
  c: `SELECT * FROM Bid MATCH_RECOGNIZE (
        PARTITION BY auction ORDER BY ts
        MEASURES A.price AS startPrice, B.price AS higherPrice, B.ts AS higherTs
        ONE ROW PER MATCH
        AFTER MATCH SKIP TO NEXT ROW
        PATTERN (A X*? B) WITHIN INTERVAL '5' SECOND
        DEFINE A AS A.price > 900, B AS B.price > A.price)`,
  d: `SELECT * FROM Bid MATCH_RECOGNIZE (
        PARTITION BY auction ORDER BY ts
        MEASURES A.auction, A.price AS startPrice, LAST(B.price) AS peakPrice, C.price AS dropPrice, COUNT(B.price) AS rises
        AFTER MATCH SKIP PAST LAST ROW
        PATTERN (A B+ C)
        DEFINE B AS B.price > PREV(B.price), C AS C.price < PREV(C.price))`,
};

interface Bids {
  readonly auction: Int32Array;
  readonly price: Float64Array;
}

/** Event indexes of each auction, in time order (ts = index). */
function byAuction(cols: Bids, n: number): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    let list = rows.get(cols.auction[i]);
    if (!list) rows.set(cols.auction[i], (list = []));
    list.push(i);
  }
  return rows;
}

/**
 * (c) A X*? B, SKIP TO NEXT ROW: every A row (price > 900) whose auction has a later row with a
 * higher price at most 5 s later matches (the reluctant X*? takes the first such row as B).
 */
function referenceC(cols: Bids, n: number): number {
  let matches = 0;
  for (const rows of byAuction(cols, n).values()) {
    for (let a = 0; a < rows.length; a++) {
      const start = rows[a];
      if (!(cols.price[start] > 900)) continue;
      for (let b = a + 1; b < rows.length && rows[b] - start <= 5000; b++) {
        if (cols.price[rows[b]] > cols.price[start]) {
          matches++;
          break;
        }
      }
    }
  }
  return matches;
}

/**
 * (d) A B+ C, SKIP PAST LAST ROW: from a start row, B+ takes the run of strict rises after it and C
 * must be a strict drop right after the run (a row equal to its predecessor ends the run without
 * a match). Without a match matching resumes at the next row; after one, past its C.
 */
function referenceD(cols: Bids, n: number): number {
  let matches = 0;
  for (const rows of byAuction(cols, n).values()) {
    const price = (k: number) => cols.price[rows[k]];
    let s = 0;
    while (s < rows.length) {
      let k = s + 1;
      while (k < rows.length && price(k) > price(k - 1)) k++;
      if (k > s + 1 && k < rows.length && price(k) < price(k - 1)) {
        matches++;
        s = k + 1;
      } else s++;
    }
  }
  return matches;
}

export function referenceCount(query: string, cols: Bids, n: number): number {
  return query === 'c' ? referenceC(cols, n) : referenceD(cols, n);
}
