import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The shared/ reference folder (Istio CRDs, corpora, config dumps, CNI fixtures, Kubernetes
 * schemas). Taken from MESHBRIDGE_SHARED, default ../shared; a missing folder fails loudly.
 */
export function sharedDir(...parts: string[]): string {
  const root = resolve(process.env.MESHBRIDGE_SHARED ?? join(new URL('../..', import.meta.url).pathname, '..', 'shared'));
  if (!existsSync(root)) throw new Error(`shared data folder not found at ${root}: set MESHBRIDGE_SHARED`);
  const p = join(root, ...parts);
  if (!existsSync(p)) throw new Error(`shared data file not found: ${p}`);
  return p;
}

/** The PostgreSQL URL for tests; CI sets it, and a run without it fails rather than skipping. */
export function postgresUrl(): string {
  const url = process.env.MESHBRIDGE_TEST_POSTGRES;
  if (!url) throw new Error('MESHBRIDGE_TEST_POSTGRES is not set: start PostgreSQL as .ci/run does and export the URL');
  return url;
}
