import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { Prompter } from './prompt.js';
import type { Io } from '../../command/index.js';

function io(stdin: PassThrough): { io: Io; out: () => string } {
  let text = '';
  const stdout = new Writable({
    write(c, _e, cb) {
      text += String(c);
      cb();
    },
  });
  return { io: { stdin, stdout, stderr: stdout, env: {}, cwd: '/' }, out: () => text };
}

test('on a terminal the password is read in raw mode without echo, backspace honoured', async () => {
  const stdin = new PassThrough() as PassThrough & { isTTY: boolean; setRawMode: (on: boolean) => void };
  const modes: boolean[] = [];
  stdin.isTTY = true;
  stdin.setRawMode = (on) => void modes.push(on);
  const { io: i, out } = io(stdin);
  const p = new Prompter(i);
  stdin.write('admin\nsecrex\u007ft\r');
  assert.equal(await p.ask('Username:'), 'admin');
  assert.equal(await p.ask('Password:', true), 'secret');
  p.close();
  assert.deepEqual(modes, [true, false]);
  assert.equal(out(), 'Username: Password: \n');
});

test('piped answers are read one line at a time; a missing line is undefined', async () => {
  const stdin = new PassThrough();
  const { io: i } = io(stdin);
  const p = new Prompter(i);
  stdin.end('tetrate\r\n\nadmin');
  assert.equal(await p.ask('Organization:'), 'tetrate');
  assert.equal(await p.ask('Tenant:'), '');
  assert.equal(await p.ask('Username:'), 'admin');
  assert.equal(await p.ask('Password:', true), undefined);
  p.close();
});
