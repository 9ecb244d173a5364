import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

// A child process, so Node's own warning printer is really in place before the interception.
function run(code: string): { stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
    cwd: new URL('../..', import.meta.url).pathname,
  });
  return { stderr: r.stderr, stdout: r.stdout };
}

test('GIVEN a TLS connection with an IP ServerName (as grpc-js makes) WHEN warnings are intercepted THEN no DEP0123 reaches stderr, and a logger gets it at debug', () => {
  const connect = "import('node:tls').then((tls) => tls.connect({ host: '127.0.0.1', port: 1, servername: '127.0.0.1' }).on('error', () => {}))";
  const plain = run(`${connect};`);
  assert.match(plain.stderr, /DEP0123/, 'without interception Node prints it (the test can fail)');
  const quiet = run(`import { interceptProcessWarnings, logProcessWarnings } from './src/bin/process-warnings.ts';
interceptProcessWarnings();
logProcessWarnings({ debug: (o, m) => console.log('debug', JSON.stringify(o), m), warn: (o, m) => console.log('warn', JSON.stringify(o), m) });
await ${connect};
await new Promise((r) => setTimeout(r, 200));
process.emitWarning('store subscriber threw: boom', 'MeshbridgeStoreWarning');
await new Promise((r) => setTimeout(r, 50));`);
  assert.equal(quiet.stderr, '');
  assert.match(quiet.stdout, /^debug \{"warning":"DeprecationWarning","code":"DEP0123"\} Setting the TLS ServerName to an IP address/m);
  assert.match(quiet.stdout, /^warn \{"warning":"MeshbridgeStoreWarning"\} store subscriber threw: boom$/m);
});
