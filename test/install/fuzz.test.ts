// Mutated CRs (keys renamed or dropped, values replaced by other types, nulls, deep nesting) must
// either render or fail with a catalogued MeshError — never a TypeError or a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { renderInstall, checkOverlaidObjects, type ManifestTarget } from '../../src/install/index.js';
import { MeshError } from '../../src/api/index.js';
import { k8sProblems } from './k8s-schemas.js';

const FIX = new URL('./fixtures/', import.meta.url).pathname;

// Small deterministic PRNG (mulberry32) so a failure is reproducible from its iteration number.
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [null, 0, -1, 1.5, '', 'x', '1Gi', true, [], {}, [null], { a: 1 }, 'spec.[name:x]', 99999];

function mutate(v: unknown, r: () => number, depth = 0): unknown {
  if (depth > 0 && r() < 0.08) return REPLACEMENTS[Math.floor(r() * REPLACEMENTS.length)];
  if (Array.isArray(v)) return v.filter(() => r() > 0.05).map((x) => mutate(x, r, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (r() < 0.04) continue;
      out[r() < 0.03 ? `${k}X` : k] = mutate(x, r, depth + 1);
    }
    return out;
  }
  return v;
}

const targetOf = (f: string): ManifestTarget => (f.startsWith('mp-') ? 'management-plane' : f.startsWith('cp-') ? 'control-plane' : 'gateway');

test('2000 mutated CRs render objects valid for Kubernetes 1.32 or fail with an MB6xxx MeshError, never a crash', async () => {
  const { parseAllDocuments } = await import('yaml');
  const fixtures = readdirSync(FIX)
    .filter((f) => f.endsWith('.yaml'))
    .sort();
  const r = rng(7);
  let rendered = 0;
  let refused = 0;
  for (let i = 0; i < 2000; i++) {
    const f = fixtures[i % fixtures.length];
    const docs = parseAllDocuments(readFileSync(join(FIX, f), 'utf8')).map((d) => mutate(d.toJS(), r));
    const text = docs.map((d) => stringify(d)).join('---\n');
    try {
      const result = renderInstall(targetOf(f), [{ name: f, text }], { version: '0.1.0' });
      await checkOverlaidObjects(result); // what `tctl install manifest` runs after rendering
      const { objects } = result;
      // What tctl accepts must also be what the API server accepts.
      assert.deepEqual(objects.flatMap(k8sProblems), [], `iteration ${i} (${f}) rendered invalid objects from:\n${text}`);
      rendered++;
    } catch (e) {
      if (e instanceof assert.AssertionError) throw e;
      assert.ok(e instanceof MeshError, `iteration ${i} (${f}): ${(e as Error).stack}\n${text}`);
      assert.match(e.code, /^MB6\d{3}$/);
      refused++;
    }
  }
  assert.ok(rendered > 100 && refused > 100, `rendered ${rendered}, refused ${refused}`);
});
