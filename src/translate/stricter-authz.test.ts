import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildIndex } from './scope.js';
import { crossClusterNotes } from './multicluster/notes.js';
import { withNotes } from './notes.js';
import type { ConfigResource } from './model.js';
import { CLUSTERS, GOLDENS, base } from './goldens.test-data.js';
import { stricterAcrossModes } from './stricter-authz.js';

/** base() with the golden's resources (as goldens.test.ts builds them; not imported, to not re-run its tests). */
function configOf(g: { given: readonly ConfigResource[] }): ConfigResource[] {
  const byFqn = new Map(base().map((r) => [r.fqn, r]));
  for (const r of g.given) byFqn.set(r.fqn, r);
  return [...byFqn.values()];
}

const golden = (prefix: string): (typeof GOLDENS)[number] => {
  const g = GOLDENS.find((x) => x.name.startsWith(prefix));
  assert.ok(g, prefix);
  return g;
};

test('GIVEN STRICTER with a group GROUP under an inherited NAMESPACE WHEN the SecuritySetting status is read THEN it is PARTIAL with an MB3071 event naming spec.authorization.mode, never READY', () => {
  const g = golden('STRICTER across modes: a group GROUP');
  const index = buildIndex(configOf(g));
  const own = g.given.find((r) => r.kind === 'SecuritySetting');
  assert.ok(own);
  const notes = crossClusterNotes(own, index, CLUSTERS);
  assert.deepEqual(
    notes.map((n) => [n.field, n.code]),
    [['spec.authorization.mode', 'MB3071']],
  );
  assert.match(notes[0].reason, /GROUP allows callers the inherited NAMESPACE forbids/);
  const st = withNotes({ status: 'READY', lastEvent: 'XCP_APPLIED' }, notes);
  assert.equal(st.status, 'PARTIAL');
  assert.equal(st.lastEvent, 'TRANSLATION_FAIL_CLOSED');
});

test('GIVEN STRICTER with a group NAMESPACE under an inherited GROUP (narrower in every case) WHEN the status is read THEN there is no event', () => {
  const g = golden('STRICTER across modes: a group NAMESPACE under an inherited GROUP');
  const own = g.given.find((r) => r.kind === 'SecuritySetting');
  assert.ok(own);
  assert.deepEqual(crossClusterNotes(own, buildIndex(configOf(g)), CLUSTERS), []);
});

test('STRICTER across modes is an intersection, not a rank: each wider child keeps the parent as a bound; DISABLED and UNSET children keep the parent', () => {
  const cases: [string, string, string, readonly string[]][] = [
    ['NAMESPACE', 'GROUP', 'GROUP', ['NAMESPACE']],
    ['NAMESPACE', 'CUSTOM', 'CUSTOM', ['NAMESPACE']],
    ['NAMESPACE', 'WORKSPACE', 'WORKSPACE', ['NAMESPACE']],
    ['CLUSTER', 'WORKSPACE', 'WORKSPACE', ['CLUSTER']],
    ['GROUP', 'NAMESPACE', 'NAMESPACE', []],
    ['WORKSPACE', 'GROUP', 'GROUP', []],
    ['CUSTOM', 'NAMESPACE', 'CUSTOM', ['NAMESPACE']],
    ['RULES', 'GROUP', 'RULES', ['GROUP']],
    ['NAMESPACE', 'DISABLED', 'NAMESPACE', []],
    ['DISABLED', 'CUSTOM', 'CUSTOM', []],
    ['CUSTOM', 'RULES', 'CUSTOM', []],
  ];
  for (const [parent, child, mode, bounds] of cases) {
    const out = stricterAcrossModes({ mode: parent }, { mode: child });
    assert.equal(out.mode, mode, `${parent} → ${child}`);
    assert.deepEqual(out.meshbridgeStricterBounds ?? [], bounds, `${parent} → ${child} bounds`);
  }
});
