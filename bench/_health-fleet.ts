// Serves N emulated sidecars (test/support/istio-proxy-emulation.ts: pilot-agent + Envoy, test
// code) on distinct loopback addresses 127.13.128.1 … with the pods' real ports 15021/15020/15000,
// in processes of their own so the benchmarked agent does not share an event loop with them; Envoy's
// route to pilot-agent is an in-process call (see the emulation's `upstream` option). One in ten
// is not ready, cycling through the causes. Prints one JSON line {pods:[{ip, cause}]} when listening.
import { startSidecarEmulation, type SidecarEmulationOptions } from '../test/support/istio-proxy-emulation.js';

// argv: FIRST COUNT — this process serves pods FIRST … FIRST+COUNT-1 (the bench splits the fleet
// over two processes, one per core).
const first = Number(process.argv[2] ?? 0);
const n = Number(process.argv[3] ?? 5000);
const ports = { ready: 15021, agent: 15020, admin: 15000 };
const notReady: [string, SidecarEmulationOptions][] = [
  ['no-config', { envoyState: { cds: { success: 0, rejected: 0 }, lds: { success: 0, rejected: 0 }, serverState: 3 } }],
  ['config-rejected', { envoyState: { lds: { success: 0, rejected: 2 }, serverState: 3 } }],
  ['config-partial', { envoyState: { lds: { success: 0, rejected: 0 }, serverState: 3 } }],
  ['not-live', { envoyState: { serverState: 3 } }],
  ['workers-not-started', { envoyState: { workersStarted: 0 } }],
  ['agent-unreachable', { agent: false }],
  ['proxy-unreachable', { envoy: false }],
];

/** The i-th pod's address: 127.13.128.1, …, 250 per /24. */
export function podIp(i: number): string {
  return `127.13.${128 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

const pods: { ip: string; cause: string }[] = [];
for (let i = 0; i < n; i += 100) {
  await Promise.all(
    Array.from({ length: Math.min(100, n - i) }, async (_, k) => {
      const j = first + i + k;
      const [cause, opts] = j % 10 === 9 ? notReady[Math.floor(j / 10) % notReady.length] : ['ready', {}];
      await startSidecarEmulation({ host: podIp(j), ports, upstream: 'in-process', ...opts });
      pods[i + k] = { ip: podIp(j), cause };
    }),
  );
}
process.stdout.write(`${JSON.stringify({ pods })}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
