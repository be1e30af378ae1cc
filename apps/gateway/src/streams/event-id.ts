import { createHash, randomFillSync } from 'node:crypto';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const POOL_SIZE = 16 * 1024;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

let lastMs = -1;
let counter = 0;

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then a 12-bit counter seeded at random each
 * millisecond (the RFC's "fixed-length dedicated counter", method 1), then 62 random bits.
 * Ids are unique and sort by creation time within this process, which keeps Kafka keys and
 * database indexes friendly. Random bytes come from a pool: one syscall per 1,600 ids.
 */
export function uuidv7(nowMs: number = Date.now()): string {
  if (nowMs > lastMs) {
    lastMs = nowMs;
    const o = takeRandom(2);
    counter = ((pool[o]! << 8) | pool[o + 1]!) & 0x7ff; // top bit clear leaves room to count up
  } else if (++counter > 0xfff) {
    lastMs++; // counter overflow: borrow the next millisecond, as the RFC allows
    counter = 0;
  }
  const time = lastMs.toString(16).padStart(12, '0');
  const o = takeRandom(8);
  const p = pool;
  return (
    time.slice(0, 8) +
    '-' +
    time.slice(8) +
    '-' +
    (0x7000 | counter).toString(16) +
    '-' +
    HEX[(p[o]! & 0x3f) | 0x80]! +
    HEX[p[o + 1]!] +
    '-' +
    HEX[p[o + 2]!] +
    HEX[p[o + 3]!] +
    HEX[p[o + 4]!] +
    HEX[p[o + 5]!] +
    HEX[p[o + 6]!] +
    HEX[p[o + 7]!]
  );
}

/** Fixed namespace of Sluice's name-based event ids (a random UUID chosen once). */
const EVENT_ID_NAMESPACE = Buffer.from('6f0c4a1e3b8d4e52a0b96c2d7e1f4a38', 'hex');

/**
 * A UUIDv5 from the client's Idempotency-Key: the same key (per API key and stream) yields the
 * same event ids on a retry, so consumers can drop the duplicates a retried request causes.
 */
export function idempotentEventId(
  apiKeyId: string,
  stream: string,
  idempotencyKey: string,
  index: number,
): string {
  const hash = createHash('sha1')
    .update(EVENT_ID_NAMESPACE)
    .update(`${apiKeyId}\u0000${stream}\u0000${idempotencyKey}\u0000${index}`)
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  return format(hash);
}

/** Offset of `n` unused random bytes in the pool, refilling it when it runs out. */
function takeRandom(n: number): number {
  if (poolOffset + n > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const offset = poolOffset;
  poolOffset += n;
  return offset;
}

function format(b: Buffer): string {
  return (
    HEX[b[0]!]! +
    HEX[b[1]!] +
    HEX[b[2]!] +
    HEX[b[3]!] +
    '-' +
    HEX[b[4]!] +
    HEX[b[5]!] +
    '-' +
    HEX[b[6]!] +
    HEX[b[7]!] +
    '-' +
    HEX[b[8]!] +
    HEX[b[9]!] +
    '-' +
    HEX[b[10]!] +
    HEX[b[11]!] +
    HEX[b[12]!] +
    HEX[b[13]!] +
    HEX[b[14]!] +
    HEX[b[15]!]
  );
}
