// Contract tests over every command of both binaries (tctl's and meshbridge's route tables).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, type Command, type Options, type Route } from '../command/index.js';
import { memoryIo } from '../command/memory-io.test-support.js';
import { tctlRoutes, TCTL_GLOBAL_OPTIONS } from '../cli/index.js';
import { routes as meshbridgeRoutes } from './routes.js';
import { SERVER_FLAGS } from '../server/index.js';

const BINARIES = [
  { bin: 'tctl', routes: tctlRoutes, globals: TCTL_GLOBAL_OPTIONS },
  { bin: 'meshbridge', routes: meshbridgeRoutes, globals: {} },
] as const;

// A literal default written in a description, `(default X)` or `(default "X")`, must be declared
// instead, so help prints it from the declaration and the command receives it.
const TEXT_DEFAULT = /\(default:? (?:"([^"]+)"|([^\s")]+))\)/;

// `meshbridge server`/`up` flags are the server's configuration (src/server/config.ts): their
// defaults are applied after MESHBRIDGE_* environment variables, which a declared default would
// override, so they stay undeclared here and src/server's own tests check them.
const SERVER_FLAG_COMMANDS = new Set(['meshbridge server', 'meshbridge up']);
const SERVER_FLAG_NAMES = new Set(SERVER_FLAGS.map((f) => f.flag));

test("every command's declared defaults are what help prints and what the command receives", async () => {
  let checked = 0;
  for (const { bin, routes, globals } of BINARIES) {
    for (const route of routes) {
      const cmd: Command = (await route.load()).default;
      const name = `${bin} ${route.path.join(' ')}`;
      const help = memoryIo();
      assert.equal(await runCli(bin, [...route.path, '--help'], help.io, [route], globals), 0, name);
      let received: Record<string, unknown> | undefined;
      const capture: Route = {
        ...route,
        load: async () => ({
          default: {
            ...cmd,
            async run(ctx) {
              received = ctx.options;
            },
          },
        }),
      };
      const run = memoryIo();
      assert.equal(await runCli(bin, [...route.path], run.io, [capture], globals), 0, `${name}: ${run.err()}`);
      const spec: Options = { ...globals, ...(cmd.options ?? {}) };
      for (const [flag, o] of Object.entries(spec)) {
        const flags = help.out().split('\nFlags:\n')[1]?.split('\n') ?? [];
        const line = flags.find((l) => new RegExp(`^  (?:-\\w, |    )--${flag}( |$)`).test(l)) ?? '';
        if (o.default !== undefined) {
          assert.ok(line.includes(`(default ${JSON.stringify(o.default)})`), `${name} --${flag}: help says ${JSON.stringify(line)}`);
          assert.equal(
            received?.[flag],
            o.default,
            `${name} --${flag}: help promises ${JSON.stringify(o.default)}, the command received ${JSON.stringify(received?.[flag])}`,
          );
          checked++;
        } else if (!(SERVER_FLAG_COMMANDS.has(name) && SERVER_FLAG_NAMES.has(flag))) {
          assert.doesNotMatch(o.description, TEXT_DEFAULT, `${name} --${flag}: declare the default instead of writing it in the description`);
        }
      }
    }
  }
  assert.ok(checked >= 20, `only ${checked} declared defaults were checked`);
});

test('meshbridge agent without --inventory/--sink gets the documented kubernetes defaults', async () => {
  const agent = meshbridgeRoutes.find((r) => r.path.join(' ') === 'agent');
  assert.ok(agent);
  const cmd = (await agent.load()).default;
  let received: Record<string, unknown> = {};
  const m = memoryIo();
  const code = await runCli('meshbridge', ['agent', '--cluster', 'c1'], m.io, [
    {
      ...agent,
      load: async () => ({
        default: {
          ...cmd,
          async run(ctx) {
            received = ctx.options;
          },
        },
      }),
    },
  ]);
  assert.equal(code, 0, m.err());
  assert.equal(received.inventory, 'kubernetes');
  assert.equal(received.sink, 'kubernetes');
  assert.equal(received['log-level'], 'info');
});

test('both binaries suggest the nearest command and flag', async () => {
  const t = memoryIo();
  assert.equal(await runCli('tctl', ['gte', 'tenants'], t.io, tctlRoutes, TCTL_GLOBAL_OPTIONS), 2);
  assert.match(t.err(), /^Error: unknown command "gte" for "tctl"\n\nDid you mean this\?\n\tget\n/);
  const f = memoryIo();
  assert.equal(await runCli('tctl', ['get', 'tenants', '--tenat', 'x'], f.io, tctlRoutes, TCTL_GLOBAL_OPTIONS), 2);
  assert.match(f.err(), /^Error: Unknown option '--tenat'\. Did you mean --tenant\?\n/);
  const m = memoryIo();
  assert.equal(await runCli('meshbridge', ['agnet'], m.io, meshbridgeRoutes), 2);
  assert.match(m.err(), /^Error: unknown command "agnet" for "meshbridge"\n\nDid you mean this\?\n\tagent\n/);
  const mf = memoryIo();
  assert.equal(await runCli('meshbridge', ['cni', 'status', '--cni-conf-dri', '/x'], mf.io, meshbridgeRoutes), 2);
  assert.match(mf.err(), /Did you mean --cni-conf-dir\?/);
});
