// Low findings of issue 10 against the real tctl binary: `tctl apply` of an empty file said
// nothing and exited 0; a YAML alias bomb surfaced as an uncoded ReferenceError; `!!js/function`
// and custom tags were read as plain strings; a `__proto__` key was dropped on the way. Each is
// now a coded error naming the file (and line), exit 1, before anything is sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tctl, tempDir } from './_harness.js';

const TENANT = 'apiVersion: api.tsb.tetrate.io/v2\nkind: Tenant\nmetadata: {organization: tetrate, name: t}\n';

/** A billion-laughs document: `levels` levels of ten aliases each, used by the spec. */
function bomb(levels: number): string {
  let text = `${TENANT}l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n`;
  for (let i = 1; i < levels; i++) text += `l${i}: &l${i} [${Array.from({ length: 10 }, () => `*l${i - 1}`).join(', ')}]\n`;
  return `${text}spec: {displayName: *l${levels - 1}}\n`;
}

test('tctl apply refuses empty input, alias bombs, non-JSON tags and __proto__ keys with a code, exit 1, nothing sent', async (t) => {
  const dir = await tempDir(t, 'mb-manifest-input-');
  // No profile: were anything sent, tctl would fail on the missing profile instead (MB2xxx of its own).
  const env = { HOME: dir, TCTL_CONFIG: join(dir, 'none.yaml') };
  const cases: [string, string, RegExp][] = [
    ['empty.yaml', '', /empty\.yaml: holds no YAML or JSON document; nothing to apply \[MB2200\]/],
    ['comments.yaml', '# nothing here\n---\n', /holds no YAML or JSON document.*\[MB2200\]/],
    ['bomb.yaml', `${TENANT}spec: {}\n---\n${bomb(9)}`, /anchors and aliases expand into too much data.*\[MB2201\]/],
    [
      'function.yaml',
      `${TENANT}spec:\n  displayName: !!js/function "function () { return process.exit(3) }"\n`,
      /function\.yaml#1 \(line 5\): tag !!js\/function is not plain data.*\[MB2201\]/,
    ],
    ['custom.yaml', `${TENANT}spec:\n  displayName: !Ref other\n`, /tag !Ref is not plain data.*\[MB2201\]/],
    ['binary.yaml', `${TENANT}spec:\n  displayName: !!binary aGVsbG8=\n`, /tag !!binary is not plain data.*\[MB2201\]/],
    ['proto.yaml', `${TENANT}spec:\n  __proto__: {isAdmin: true}\n`, /proto\.yaml#1 \(line 5\): key "__proto__" is not allowed.*\[MB2201\]/],
    [
      'proto.json',
      '{"apiVersion":"api.tsb.tetrate.io/v2","kind":"Tenant","metadata":{"organization":"tetrate","name":"t","__proto__":{"x":1}},"spec":{}}',
      /key "__proto__" is not allowed.*\[MB2201\]/,
    ],
  ];
  for (const [name, text, want] of cases) {
    await writeFile(join(dir, name), text);
    const r = await tctl(['apply', '-f', join(dir, name)], { env });
    assert.equal(r.code, 1, `${name}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, want, name);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+|ReferenceError/, `${name}: no stack trace`);
  }
  const stdin = await tctl(['apply', '-f', '-'], { env, stdin: '' });
  assert.equal(stdin.code, 1);
  assert.match(stdin.stderr, /-f - \(stdin\): holds no YAML or JSON document.*\[MB2200\]/);
});
