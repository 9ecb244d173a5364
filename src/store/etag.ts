import { randomBytes } from 'node:crypto';

/**
 * A fresh etag in TSB's style: a quoted base64 string of 8 bytes, e.g. `"hhO8m7WN3LM="`. Random
 * rather than a content hash so that every write changes it, even one that stores equal content.
 */
export function newEtag(): string {
  return `"${randomBytes(8).toString('base64')}"`;
}
