import { HealthErrors, MeshError } from '../../api/index.js';

/** The prober's flags as typed (`--health-interval 30s` …). */
export interface HealthFlags {
  interval?: string;
  concurrency?: string;
  timeout?: string;
}

/** Parsed prober options. */
export interface HealthOptions {
  intervalMs: number;
  concurrency: number;
  timeoutMs: number;
}

function duration(flag: string, v: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(v.trim());
  if (!m && v.trim() !== '0')
    throw new MeshError(HealthErrors.HealthProberOptionInvalid, `--${flag} ${JSON.stringify(v)}: not a duration (e.g. 500ms, 30s, 2m)`, { field: flag });
  return m ? Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2] as 'ms' | 's' | 'm'] : 0;
}

/** Validates the prober flags; every error names the flag and its range. */
export function parseHealthFlags(f: HealthFlags): HealthOptions {
  const intervalMs = f.interval === undefined ? 30_000 : duration('health-interval', f.interval);
  if (intervalMs !== 0 && intervalMs < 1000)
    throw new MeshError(HealthErrors.HealthProberOptionInvalid, `--health-interval ${f.interval}: at least 1s (or 0 to sweep only on demand)`, {
      field: 'health-interval',
    });
  const timeoutMs = f.timeout === undefined ? 2000 : duration('health-timeout', f.timeout);
  if (timeoutMs < 100 || timeoutMs > 30_000)
    throw new MeshError(HealthErrors.HealthProberOptionInvalid, `--health-timeout ${f.timeout}: between 100ms and 30s`, { field: 'health-timeout' });
  const concurrency = f.concurrency === undefined ? 128 : Number(f.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024)
    throw new MeshError(HealthErrors.HealthProberOptionInvalid, `--health-concurrency ${f.concurrency}: an integer between 1 and 1024`, {
      field: 'health-concurrency',
    });
  return { intervalMs, concurrency, timeoutMs };
}
