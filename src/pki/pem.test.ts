import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMeshError, PkiErrors } from '../api/index.js';
import { parsePemBlocks, readCertificates, toPem } from './pem.js';

const block = (bytes: number[]) => toPem(new Uint8Array(bytes));

test('PEM blocks keep their line numbers and a BEGIN glued to the previous END is flagged', () => {
  const text = `junk\n${block([0x30, 0x00])}${block([0x30, 0x01, 0x00]).trimEnd()}${block([0x30, 0x00])}`;
  const blocks = parsePemBlocks(text, 'x.pem');
  assert.deepEqual(
    blocks.map((b) => [b.line, b.glued]),
    [
      [2, false],
      [5, false],
      [7, true],
    ],
  );
});

test('unterminated, non-base64 and truncated blocks name the block and line', () => {
  assert.throws(
    () => parsePemBlocks('-----BEGIN CERTIFICATE-----\nAAAA\n', 'a.pem'),
    (e) => isMeshError(e, PkiErrors.PemInvalid) && /a.pem: PEM block 1 \("BEGIN CERTIFICATE" at line 1\) has no matching/.test(e.message),
  );
  assert.throws(
    () => parsePemBlocks('\n\n-----BEGIN CERTIFICATE-----\nAA!A\n-----END CERTIFICATE-----\n', 'b.pem'),
    (e) => isMeshError(e, PkiErrors.PemInvalid) && /line 3\) holds characters that are not base64/.test(e.message),
  );
  assert.throws(
    () => parsePemBlocks('-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n', 'c.pem'),
    (e) => isMeshError(e, PkiErrors.PemInvalid) && /truncated/.test(e.message),
  );
});

test('DER input is one certificate; empty or key-only input is NoCertificates', () => {
  assert.equal(readCertificates(new Uint8Array([0x30, 0x00]), 'd.der').ders.length, 1);
  assert.throws(
    () => readCertificates('', 'e.pem'),
    (e) => isMeshError(e, PkiErrors.NoCertificates) && /the input is empty/.test(e.message),
  );
  assert.throws(
    () => readCertificates(block([1, 2, 3]).replace(/CERTIFICATE/g, 'PRIVATE KEY'), 'k.pem'),
    (e) => isMeshError(e, PkiErrors.NoCertificates),
  );
});
