// Fetches a pod's Envoy secret dump through the Kubernetes API: a port-forward to the Envoy admin
// port (15000, like `istioctl proxy-config secret`) behind a loopback listener, then one HTTP GET.
import { createServer, type Socket } from 'node:net';
import { request } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { MeshError, PkiErrors } from '../../../../api/index.js';

/** The part of @kubernetes/client-node's PortForward this uses (its documented signature). */
export interface PortForwarder {
  portForward(namespace: string, podName: string, targetPorts: number[], output: Writable, err: Writable | null, input: Readable): Promise<unknown>;
}

/** The path istioctl asks Envoy for: only the secrets. */
export const SECRETS_DUMP_PATH = '/config_dump?mask=dynamic_active_secrets,dynamic_warming_secrets';

/** Splits `pod[.namespace]` (istioctl's syntax); `namespace` is the fallback. */
export function podRef(arg: string, namespace: string): { pod: string; namespace: string } {
  const dot = arg.indexOf('.');
  return dot > 0 ? { pod: arg.slice(0, dot), namespace: arg.slice(dot + 1) } : { pod: arg, namespace };
}

/** Creates a forwarder from the default kubeconfig (KUBECONFIG / ~/.kube/config / in-cluster). */
export async function defaultForwarder(): Promise<PortForwarder> {
  const k8s = await import('@kubernetes/client-node');
  const kc = new k8s.KubeConfig();
  kc.loadFromDefault();
  return new k8s.PortForward(kc);
}

/** GETs the secret dump of `pod` through `forwarder`; bounded by `timeoutMs`. */
export async function fetchPodSecretDump(pod: string, namespace: string, forwarder: PortForwarder, adminPort = 15000, timeoutMs = 15_000): Promise<string> {
  const sockets = new Set<Socket>();
  let forwardError: unknown;
  const server = createServer((socket) => {
    sockets.add(socket);
    forwarder.portForward(namespace, pod, [adminPort], socket, null, socket).catch((e: unknown) => {
      forwardError = e;
      socket.destroy();
    });
  });
  await new Promise<void>((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', () => res()));
  const port = (server.address() as { port: number }).port;
  try {
    return await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: SECRETS_DUMP_PATH, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`Envoy admin answered HTTP ${res.statusCode}`)),
        );
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  } catch (e) {
    const why = forwardError instanceof Error ? forwardError.message : (e as Error).message;
    throw new MeshError(PkiErrors.KubernetesUnavailable, `pod ${namespace}/${pod}: cannot read Envoy's secrets on port ${adminPort} (${why})`, {
      field: 'POD',
      cause: e,
    });
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  }
}
