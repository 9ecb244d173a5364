// The bundled plugin the installer copies. `npm test` builds dist/ first (MESHBRIDGE_TEST_DIST=1);
// in dev mode the suite bundles src/bin/meshbridge-cni.ts itself, with the build script's options,
// so it always tests the current source as one file (the way it runs on a node).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { binCommand, projectRoot } from '../../support/bins.js';

let cached: Promise<string> | undefined;

/** Path of a meshbridge-cni.js bundle built from the current source. */
export function pluginBundle(): Promise<string> {
  cached ??= (async () => {
    if (process.env.MESHBRIDGE_TEST_DIST === '1') {
      const p = join(projectRoot, 'dist', 'meshbridge-cni.js');
      if (!existsSync(p)) throw new Error(`${p} missing: run npm run build`);
      return p;
    }
    const { build } = await import('esbuild');
    const outdir = mkdtempSync(join(tmpdir(), 'mb-cni-bundle-'));
    process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
    await build({
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'esm',
      logLevel: 'warning',
      entryPoints: { 'meshbridge-cni': join(projectRoot, 'src/bin/meshbridge-cni.ts') },
      outdir,
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    return join(outdir, 'meshbridge-cni.js');
  })();
  return cached;
}

/** Runs `meshbridge <args>` to completion. */
export function runMeshbridge(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const { command, args: pre } = binCommand('meshbridge');
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...pre, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}
