// Bundles the three executables with esbuild. tctl and meshbridge keep npm packages external and
// split lazily-imported commands into chunks so start-up loads only what a command needs; the CNI
// plugin is bundled whole because it runs once per pod on the node, without node_modules.
import { build } from 'esbuild';

async function buildUi() {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: `${root}src/ui/vite.config.ts`, logLevel: 'warn' });
}

const root = new URL('..', import.meta.url).pathname;
// dist/ is not wiped: several builds may run at once while developing; CI starts clean.
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
// The builds are independent: a broken command must not stop the node's CNI plugin from building.
const results = await Promise.allSettled([
  build({
    ...common,
    entryPoints: { tctl: `${root}src/bin/tctl.ts`, meshbridge: `${root}src/bin/meshbridge.ts` },
    outdir: `${root}dist`,
    format: 'esm',
    splitting: true,
    packages: 'external',
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({
    ...common,
    entryPoints: { 'meshbridge-cni': `${root}src/bin/meshbridge-cni.ts` },
    outdir: `${root}dist`,
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  }),
  // The web UI (React + Vite) into dist/ui, served by `meshbridge server` at /.
  buildUi(),
]);
const failed = results.filter((r) => r.status === 'rejected');
for (const f of failed) console.error(`build: ${f.reason?.message ?? f.reason}`);
if (failed.length) process.exit(1);
