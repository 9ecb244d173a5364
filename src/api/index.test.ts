import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Every module src/api/index.ts loads, and every package or builtin they import. */
function closure(entry: string): { files: Set<string>; external: Set<string> } {
  const files = new Set<string>();
  const external = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s(?!type\s)[^'"]*?from\s+'([^']+)'/gm)) {
      const spec = m[1];
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else external.add(spec);
    }
  };
  visit(entry);
  return { files, external };
}

test('the light entry src/api/index.ts loads no package (no TypeBox, no ajv) and none of the schemas', () => {
  const { files, external } = closure(join(here, 'index.ts'));
  assert.deepEqual(
    [...external].filter((s) => !s.startsWith('node:')),
    [],
  );
  assert.deepEqual(
    [...files].filter((f) => f.includes('/schemas/')),
    [],
  );
  assert.ok(files.has(join(here, 'placement.ts')), 'placement is part of the light surface');
});

test('the schemas entry is where TypeBox and ajv come in', () => {
  const { external } = closure(join(here, 'schemas', 'index.ts'));
  assert.ok(external.has('ajv') && external.has('@sinclair/typebox'));
});
