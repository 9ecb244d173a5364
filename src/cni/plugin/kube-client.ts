import { readFileSync } from 'node:fs';
import { CniFault } from '../cni-fault.js';
import { CniCode } from './cni-spec.js';

/** What the plugin needs from the kubeconfig the installer wrote. */
export interface KubeTarget {
  readonly server: URL;
  readonly ca?: Buffer;
  readonly token?: string;
  readonly insecure: boolean;
}

/**
 * Reads the installer's kubeconfig. The installer writes it as JSON (valid YAML, so kubectl reads
 * it too) precisely so that the plugin needs no YAML parser and starts fast.
 */
export function loadKubeconfig(path: string): KubeTarget {
  const bad = (why: string): CniFault => new CniFault('CniKubeconfigInvalid', `kubeconfig ${path}: ${why}`, { field: 'kubeconfig' });
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw bad(`cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let kc: {
    'current-context'?: string;
    contexts?: Array<{ name: string; context: { cluster: string; user: string } }>;
    clusters?: Array<{ name: string; cluster: Record<string, unknown> }>;
    users?: Array<{ name: string; user: Record<string, unknown> }>;
  };
  try {
    kc = JSON.parse(text);
  } catch {
    throw bad('is not JSON (meshbridge cni install writes it as JSON)');
  }
  const ctx = kc.contexts?.find((c) => c.name === kc['current-context']) ?? kc.contexts?.[0];
  const cluster = kc.clusters?.find((c) => c.name === ctx?.context.cluster) ?? kc.clusters?.[0];
  const user = kc.users?.find((u) => u.name === ctx?.context.user) ?? kc.users?.[0];
  if (!cluster || typeof cluster.cluster.server !== 'string') throw bad('has no cluster with a server');
  let server: URL;
  try {
    server = new URL(cluster.cluster.server);
  } catch {
    throw bad(`server "${cluster.cluster.server}" is not a URL`);
  }
  const caData = cluster.cluster['certificate-authority-data'];
  const caFile = cluster.cluster['certificate-authority'];
  const ca = typeof caData === 'string' ? Buffer.from(caData, 'base64') : typeof caFile === 'string' ? readFileSync(caFile) : undefined;
  const tokenFile = user?.user.tokenFile;
  const token = typeof user?.user.token === 'string' ? user.user.token : typeof tokenFile === 'string' ? readFileSync(tokenFile, 'utf8').trim() : undefined;
  return { server, ca, token, insecure: cluster.cluster['insecure-skip-tls-verify'] === true };
}

/** One GET of the Pod; rejects with the HTTP status or network error. */
export async function getPod(t: KubeTarget, namespace: string, name: string, timeoutMs: number): Promise<unknown> {
  // Loaded on use: TLS costs every pod start milliseconds, and without a kubeconfig it is never needed.
  const { request } = await import('node:https');
  const path = `${t.server.pathname.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: t.server.hostname.replace(/^\[|\]$/g, ''),
        port: t.server.port || 443,
        path,
        method: 'GET',
        ca: t.ca,
        rejectUnauthorized: !t.insecure,
        timeout: timeoutMs,
        headers: { accept: 'application/json', ...(t.token ? { authorization: `Bearer ${t.token}` } : {}) },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8').on('data', (d: string) => (body += d));
        res.on('end', () => {
          if (res.statusCode === 200) {
            try {
              resolve(JSON.parse(body));
            } catch {
              reject(new Error('API answered 200 with a body that is not JSON'));
            }
          } else reject(new Error(`API answered HTTP ${res.statusCode}: ${body.slice(0, 200)}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * GETs the Pod until it succeeds or the deadline passes (Istio retries for 30 s: right after
 * scheduling the API may lag, and a failed ADD only makes kubelet retry the whole sandbox).
 */
export async function getPodWithRetry(t: KubeTarget, namespace: string, name: string, deadlineMs: number, log: (msg: string) => void): Promise<unknown> {
  const until = Date.now() + deadlineMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await getPod(t, namespace, name, Math.max(1000, Math.min(5000, until - Date.now())));
    } catch (e) {
      const msg = (e as Error).message;
      if (Date.now() + 1000 > until) {
        throw new CniFault('CniPodLookupFailed', `GET pod ${namespace}/${name} from ${t.server.origin} failed after ${attempt} attempt(s): ${msg}`, {
          details: { cniCode: CniCode.TryAgainLater },
        });
      }
      log(`pod lookup attempt ${attempt} failed: ${msg}; retrying`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}
