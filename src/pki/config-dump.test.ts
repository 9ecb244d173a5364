import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMeshError, PkiErrors } from '../api/index.js';
import { parseSecretDump } from './config-dump.js';
import { formatSecretTable, goTabwriter } from './secret-table.js';

test('a config dump without secrets, a non-dump object and bad JSON are distinct errors naming the input', () => {
  assert.throws(
    () => parseSecretDump('{"configs":[{"@type":"type.googleapis.com/envoy.admin.v3.ClustersConfigDump"}]}', 'd.json'),
    (e) => isMeshError(e, PkiErrors.SecretNotFound) && /ClustersConfigDump/.test(e.message),
  );
  assert.throws(
    () => parseSecretDump('{"kind":"Pod"}', 'p.json'),
    (e) => isMeshError(e, PkiErrors.ConfigDumpInvalid) && /neither "configs"/.test(e.message),
  );
  assert.throws(
    () => parseSecretDump('{"configs":', 't.json'),
    (e) => isMeshError(e, PkiErrors.ConfigDumpInvalid) && /t.json: not JSON/.test(e.message),
  );
  assert.throws(
    () => parseSecretDump('{"dynamicActiveSecrets":[{"secret":{}}]}', 'n.json'),
    (e) => isMeshError(e, PkiErrors.ConfigDumpInvalid) && e.field === 'n.json.dynamic_active_secrets[0].name',
  );
});

test("file and environment data sources are reported instead of decoded; an empty dump prints istioctl's message", () => {
  const d = parseSecretDump(
    JSON.stringify({
      dynamicActiveSecrets: [{ name: 'file-cert', secret: { tlsCertificate: { certificateChain: { filename: '/etc/certs/cert-chain.pem' } } } }],
    }),
    'f.json',
  );
  assert.equal(d.secrets[0].external, 'file /etc/certs/cert-chain.pem');
  assert.equal(formatSecretTable(parseSecretDump('{"dynamicActiveSecrets":[]}', 'e.json'), new Date()), 'No active or warming secrets found.\n');
});

test('goTabwriter pads every cell but the last of a line to the column width plus 5', () => {
  assert.equal(
    goTabwriter([
      ['A', 'BB', 'C'],
      ['AAA', '', ''],
    ]),
    'A       BB     C\nAAA            \n',
  );
});
