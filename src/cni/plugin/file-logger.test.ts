import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileLogger } from './file-logger.js';

test('fileLogger: JSON lines at or above the level, one append on flush, rotation past the size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mb-cni-log-'));
  try {
    const file = join(dir, 'sub', 'plugin.log');
    const log = fileLogger(file, 'info', { command: 'ADD' });
    log.log('debug', 'hidden');
    log.log('info', 'shown', { netns: '/x' });
    assert.equal(existsSync(file), false, 'nothing written before flush');
    log.flush();
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, 1);
    assert.equal(lines[0].msg, 'shown');
    assert.equal(lines[0].command, 'ADD');
    assert.equal(lines[0].netns, '/x');
    writeFileSync(file, 'x'.repeat(200));
    const small = fileLogger(file, 'info', {}, 100);
    small.log('error', 'after rotation');
    small.flush();
    assert.equal(readFileSync(`${file}.1`, 'utf8').length, 200);
    assert.match(readFileSync(file, 'utf8'), /after rotation/);
    fileLogger(join(dir, 'file-as-dir', 'x.log'), 'info', {}).flush();
    writeFileSync(join(dir, 'blocker'), '');
    const broken = fileLogger(join(dir, 'blocker', 'x.log'), 'info', {});
    broken.log('info', 'lost');
    assert.doesNotThrow(() => broken.flush(), 'an unwritable log never fails the plugin');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
