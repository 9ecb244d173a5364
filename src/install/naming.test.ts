import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertDnsLabel } from './naming.js';
import { isMeshError, InstallErrors } from '../api/index.js';

test('assertDnsLabel names the field of a bad name', () => {
  assert.doesNotThrow(() => assertDnsLabel('ok-name', 'metadata.name'));
  assert.throws(
    () => assertDnsLabel('Bad_Name', 'metadata.name'),
    (e) => isMeshError(e, InstallErrors.InstallNameInvalid) && /metadata\.name: "Bad_Name"/.test(e.message),
  );
});
