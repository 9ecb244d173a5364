import { randomFillSync } from 'node:crypto';

// Random bytes are drawn 4 KiB at a time: one call into OpenSSL per 512 etags instead of one each.
const pool = Buffer.alloc(4096);
let offset = pool.length;

/**
 * A fresh etag in TSB's style: a quoted base64 string of 8 bytes, e.g. `"hhO8m7WN3LM="`. Random
 * rather than a content hash so that every write changes it, even one that stores equal content.
 */
export function newEtag(): string {
  if (offset + 8 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const etag = `"${pool.toString('base64', offset, offset + 8)}"`;
  offset += 8;
  return etag;
}
