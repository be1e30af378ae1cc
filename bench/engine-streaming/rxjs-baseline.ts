// Query (b) as a plain RxJS pipeline on the same events: groupBy the 10 s window, then reduce each
// window into per-auction COUNT/MAX (an RxJS group per auction would make it quadratic).
import { from, groupBy, mergeMap, reduce } from 'rxjs';
import { generateBids } from './bid-workload';

const [warmupArg, timedArg] = process.argv.slice(2);
const warmup = Number(warmupArg ?? 3_000_000);
const timed = Number(timedArg ?? 5_000_000);
const cols = generateBids(warmup + timed);

function run(fromIndex: number, toIndex: number): Promise<number> {
  const events = { *[Symbol.iterator]() {
    for (let i = fromIndex; i < toIndex; i++) yield { auction: cols.auction[i], price: cols.price[i], ts: i };
  } };
  return new Promise((resolve) => {
    from(events)
      .pipe(
        groupBy((e) => Math.floor(e.ts / 10_000)),
        mergeMap((window) =>
          window.pipe(
            reduce((acc, e) => {
              const cur = acc.get(e.auction);
              if (cur) {
                cur.n++;
                if (e.price > cur.top) cur.top = e.price;
              } else acc.set(e.auction, { n: 1, top: e.price });
              return acc;
            }, new Map<number, { n: number; top: number }>()),
          ),
        ),
        reduce((rows, perAuction) => rows + perAuction.size, 0),
      )
      .subscribe((n) => resolve(n));
  });
}

void (async () => {
  await run(0, warmup);
  const start = process.hrtime.bigint();
  const outputRows = await run(warmup, warmup + timed);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  process.stdout.write(JSON.stringify({ query: 'b-rxjs', events: timed, seconds, eventsPerSecond: timed / seconds, outputRows }) + '\n');
})();
