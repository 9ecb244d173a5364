import type { JsonObject } from './cni-conf.js';

/** In-cluster facts the plugin's kubeconfig is built from (service host/port env, the SA token and CA). */
export interface KubeconfigInput {
  readonly host: string;
  readonly port: string;
  readonly caData?: string;
  readonly token: string;
  /** User and context name prefix; `meshbridge-cni` unless a test mirrors another installer. */
  readonly identity?: string;
  readonly insecure?: boolean;
}

/** `https://host:port`, with brackets only around IPv6 literals (RFC 3986; Node's URL rejects `[10.0.0.1]`). */
export function apiServerUrl(host: string, port: string): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `https://${h}:${port}`;
}

/**
 * The plugin's kubeconfig as an object. Written as JSON: kubectl reads it (JSON is YAML) and the
 * plugin parses it without a YAML library. Pure.
 */
export function renderKubeconfig(i: KubeconfigInput): JsonObject {
  const id = i.identity ?? 'meshbridge-cni';
  const cluster: JsonObject = { server: apiServerUrl(i.host, i.port) };
  if (i.caData) cluster['certificate-authority-data'] = i.caData;
  if (i.insecure) cluster['insecure-skip-tls-verify'] = true;
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster }],
    users: [{ name: id, user: { token: i.token } }],
    contexts: [{ name: `${id}-context`, context: { cluster: 'local', user: id } }],
    'current-context': `${id}-context`,
  };
}
