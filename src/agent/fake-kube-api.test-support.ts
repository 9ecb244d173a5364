// Test support for code that talks to a Kubernetes API server through the official client: no API
// server runs here, so tests serve its documented contract from a node:http server on loopback.
import type { TestContext } from 'node:test';
import type { Server } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';

/** A KubeConfig whose current context points at `server` (a fake API server) with a bearer token. */
export function kubeConfigFor(server: string, token = 't'): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'fake', server, skipTLSVerify: true }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'c', cluster: 'fake', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

/** Starts `server` (the fake API server) on loopback, closes it after the test, and returns a KubeConfig for it. */
export async function kubeConfigServing(t: Pick<TestContext, 'after'>, server: Server): Promise<KubeConfig> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  return kubeConfigFor(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
}
