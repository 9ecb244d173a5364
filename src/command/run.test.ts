import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import type { Command, CommandContext, OptionSpec, Route } from './command.js';
import type { Io } from './io.js';
import { parse, runCli } from './run.js';
import { argWords, matchPath } from './route-match.js';
import { memoryIo } from './memory-io.test-support.js';

const GLOBALS: Record<string, OptionSpec> = {
  profile: { type: 'string', short: 'p', description: 'profile' },
  org: { type: 'string', description: 'org' },
};

/** Routes whose commands record what they were called with. */
function fixture(): { routes: Route[]; calls: { path: string; ctx: CommandContext }[] } {
  const calls: { path: string; ctx: CommandContext }[] = [];
  const cmd = (path: string, options: Record<string, OptionSpec>): Command => ({
    summary: path,
    options,
    async run(ctx) {
      calls.push({ path, ctx });
    },
  });
  const getOpts: Record<string, OptionSpec> = {
    'output-type': { type: 'string', short: 'o', description: 'format' },
    watch: { type: 'boolean', short: 'w', description: 'watch' },
  };
  const routes: Route[] = [
    { path: ['get'], summary: 'get', load: async () => ({ default: cmd('get', getOpts) }) },
    {
      path: ['x', 'status'],
      summary: 'x status',
      load: async () => ({ default: cmd('x status', { 'output-type': { type: 'string', short: 'o', description: 'format' } }) }),
    },
    {
      path: ['x', 'sa', 'token'],
      summary: 'token',
      load: async () => ({ default: cmd('x sa token', { 'key-path': { type: 'string', description: 'key' } }) }),
    },
  ];
  return { routes, calls };
}

async function run(argv: string[]): Promise<{ code: number; out: string; err: string; calls: ReturnType<typeof fixture>['calls'] }> {
  const { io, out: outText, err: errText } = memoryIo();
  const { routes, calls } = fixture();
  const code = await runCli('tctl', argv, io, routes, GLOBALS);
  return { code, out: outText(), err: errText(), calls };
}

test('a command flag and its value before the command words are not taken for words', async () => {
  for (const argv of [
    ['-o', 'json', 'get', 'tenants'],
    ['get', '-o', 'json', 'tenants'],
    ['get', 'tenants', '-o', 'json'],
    ['--output-type', 'json', 'get', 'tenants'],
    ['-ojson', 'get', 'tenants'],
    ['--output-type=json', 'get', 'tenants'],
  ]) {
    const r = await run(argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
    assert.equal(r.calls[0].path, 'get', argv.join(' '));
    assert.deepEqual(r.calls[0].ctx.positionals, ['tenants'], argv.join(' '));
    assert.equal(r.calls[0].ctx.options['output-type'], 'json', argv.join(' '));
  }
});

test('a global flag value that equals a command word stays a value, wherever the flag stands', async () => {
  const cases: [string[], string, string, string[]][] = [
    [['-p', 'get', 'get', 'tns'], 'get', 'get', ['tns']],
    [['get', '--profile', 'get', 'tns'], 'get', 'get', ['tns']],
    [['--profile', 'x', 'x', 'status', 'org'], 'x status', 'x', ['org']],
  ];
  for (const [argv, path, profile, positionals] of cases) {
    const r = await run(argv);
    assert.equal(r.code, 0, `${argv.join(' ')}: ${r.err}`);
    assert.equal(r.calls[0].path, path);
    assert.equal(r.calls[0].ctx.options.profile, profile);
    assert.deepEqual(r.calls[0].ctx.positionals, positionals, argv.join(' '));
  }
});

test('multi-word routes with flags between their words; a command value equal to a word is kept as the value', async () => {
  const a = await run(['x', '-o', 'yaml', 'status', 'org', 'tetrate']);
  assert.equal(a.calls[0].path, 'x status');
  assert.deepEqual(a.calls[0].ctx.positionals, ['org', 'tetrate']);
  const b = await run(['x', 'sa', '--key-path', 'token', 'token', 'ci']);
  assert.equal(b.calls[0].path, 'x sa token');
  assert.equal(b.calls[0].ctx.options['key-path'], 'token');
  assert.deepEqual(b.calls[0].ctx.positionals, ['ci']);
  const c = await run(['--org', 'tetrate', 'x', 'status', '-o', 'status', 'org']);
  assert.equal(c.calls[0].ctx.options['output-type'], 'status');
  assert.deepEqual(c.calls[0].ctx.positionals, ['org']);
});

test('a boolean command flag before the words does not swallow the next word', async () => {
  const r = await run(['--watch', 'get', 'tns']);
  assert.equal(r.calls[0].path, 'get');
  assert.equal(r.calls[0].ctx.options.watch, true);
  assert.deepEqual(r.calls[0].ctx.positionals, ['tns']);
});

test('words after -- are never command words; unknown flags and commands are still refused', async () => {
  const dashed = await run(['get', '--', 'x', 'status']);
  assert.deepEqual(dashed.calls[0].ctx.positionals, ['x', 'status']);
  const unknownFlag = await run(['--bogus', 'v', 'get', 'tns']);
  assert.equal(unknownFlag.code, 2);
  assert.match(unknownFlag.err, /Unknown option '--bogus'/);
  const unknownCommand = await run(['-p', 'demo', 'nope']);
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.err, /^Error: unknown command "nope" for "tctl"/);
  const group = await run(['--org', 'x', 'x']);
  assert.equal(group.code, 2);
  assert.match(group.out, /^Usage: tctl x <command>/);
});

test('argWords marks the word after an unknown flag as a possible value; matchPath may skip only those', () => {
  const words = argWords(['-o', 'json', 'get', '-p', 'demo', 'tns', '-', '--', 'x'], GLOBALS);
  assert.deepEqual(words, [
    { index: 1, text: 'json', maybeValue: true },
    { index: 2, text: 'get', maybeValue: false },
    { index: 5, text: 'tns', maybeValue: false },
    { index: 6, text: '-', maybeValue: false },
  ]);
  assert.deepEqual(matchPath(['get'], words), [2]);
  assert.equal(matchPath(['tns'], words), undefined);
});

test('parse gives each declared option its typed value: declared defaults when not given, repeatable flags as lists', () => {
  const spec = {
    sink: { type: 'string', default: 'kubernetes', description: 'sink' },
    file: { type: 'string', short: 'f', multiple: true, description: 'files' },
    force: { type: 'boolean', description: 'force' },
    name: { type: 'string', description: 'name' },
  } as const;
  assert.deepEqual(parse([], spec).options, { sink: 'kubernetes', file: [], force: undefined, name: undefined });
  assert.deepEqual(parse(['--sink', 'directory:/x', '-f', 'a', '-f', 'b', '--force', '--name=n', 'pos'], spec), {
    options: { sink: 'directory:/x', file: ['a', 'b'], force: true, name: 'n' },
    positionals: ['pos'],
  });
});

test('a command receives the route table it was run from (completion reads it there, never from the app)', async () => {
  let seen: readonly Route[] = [];
  const routes: Route[] = [
    {
      path: ['completion'],
      summary: 'c',
      load: async () => ({
        default: {
          summary: 'c',
          async run(ctx) {
            seen = ctx.routes;
          },
        },
      }),
    },
  ];
  const io: Io = {
    stdin: Readable.from([]),
    stdout: new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
    stderr: new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
    env: {},
    cwd: '/',
  };
  assert.equal(await runCli('tctl', ['completion'], io, routes), 0);
  assert.equal(seen, routes);
});

test('an unknown command or flag suggests the nearest ones (cobra\'s "Did you mean this?")', async () => {
  const cmd = await run(['gte', 'tns']);
  assert.equal(cmd.code, 2);
  assert.equal(cmd.err, 'Error: unknown command "gte" for "tctl"\n\nDid you mean this?\n\tget\n\nRun \'tctl --help\' for usage.\n');
  const sub = await run(['x', 'stauts', 'org']);
  assert.equal(sub.code, 2);
  assert.match(sub.err, /^Error: unknown command "stauts" for "tctl x"\n\nDid you mean this\?\n\tstatus\n/);
  const flag = await run(['get', 'tns', '--ouput-type', 'json']);
  assert.equal(flag.code, 2);
  assert.match(flag.err, /^Error: Unknown option '--ouput-type'\. Did you mean --output-type\?\n/);
  const global = await run(['get', 'tns', '--prfile', 'demo']);
  assert.match(global.err, /Did you mean --profile\?/);
  const far = await run(['--zzzzzz', 'get']);
  assert.doesNotMatch(far.err, /Did you mean/);
});
