import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { runTctl } from '../_memory-io.js';

test('validate accepts the TSB fixture offline and names the bad field of a broken document', async () => {
  const fixture = await readFile(new URL('../../../test/cli/fixtures/tsb-app-abc.yaml', import.meta.url), 'utf8');
  const ok = await runTctl(['validate', '-f', '-'], { TCTL_CONFIG: '/nonexistent/tctl.yaml' }, fixture);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.split('\n').filter((l) => l.endsWith(' valid')).length, 7);
  const bad =
    'apiVersion: api.tsb.tetrate.io/v2\nkind: Workspace\nmetadata:\n  organization: o\n  tenant: t\n  name: w\nspec:\n  namespaceSelector:\n    names: 42\n';
  const r = await runTctl(['validate', '-f', '-'], {}, bad);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^Error: stdin#1: .*namespaceSelector.*\[MB1001\]\n/);
  assert.match(r.stderr, /1 of 1 document\(s\) are invalid \[MB2020\]/);
});

test('GIVEN a valid SecuritySetting with WAF rules and a Cluster with a namespace scope WHEN validated THEN each untranslated field is named in a warning, exit 0 (issue #18); network and locality are read (issue #17)', async () => {
  const doc = [
    'apiVersion: security.tsb.tetrate.io/v2\nkind: SecuritySetting\nmetadata: {organization: o, tenant: t, workspace: w, group: g, name: s}\nspec:\n  authorization: {mode: GROUP}\n  waf: {rules: ["SecRuleEngine On"]}\n',
    'apiVersion: api.tsb.tetrate.io/v2\nkind: Cluster\nmetadata: {organization: o, name: c1}\nspec: {network: tier1, locality: {region: eu-west1}, namespaceScope: {scope: INCLUDED, namespaces: [a]}}\n',
  ].join('---\n');
  const r = await runTctl(['validate', '-f', '-'], { TCTL_CONFIG: '/nonexistent/tctl.yaml' }, doc);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stderr,
    /^Warning: organizations\/o\/tenants\/t\/workspaces\/w\/securitygroups\/g\/settings\/s: spec\.waf is not translated: .*denied.* \[MB3012\]$/m,
  );
  assert.match(r.stderr, /^Warning: organizations\/o\/clusters\/c1: spec\.namespaceScope is not translated: .* \[MB3011\]$/m);
  assert.doesNotMatch(r.stderr, /spec\.network|spec\.locality/, 'the mesh view reads them: cross-cluster routing and the service registry');
  assert.doesNotMatch(r.stderr, /authorization/);
});
