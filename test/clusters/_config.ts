// The TSB-shaped configuration the cluster suites apply with tctl: a tenant, a workspace over
// three clusters, gateway/traffic/security groups, an IngressGateway, a TrafficSetting and a
// SecuritySetting. c1 runs bookinfo and shared, c2 bookinfo, c3 neither.
import { readFile } from 'node:fs/promises';
import { MeshClient } from '../../src/client/index.js';

export const ORG = 'organizations/tetrate';
export const WS = `${ORG}/tenants/prod/workspaces/bookinfo`;
export const IG = `${WS}/gatewaygroups/gw/ingressgateways/bookinfo-gw`;
export const TS = `${WS}/trafficgroups/traffic/settings/default`;
export const SS = `${WS}/securitygroups/sec/settings/default`;

export const INVENTORY: Record<string, string[]> = { c1: ['bookinfo', 'shared'], c2: ['bookinfo'], c3: ['other'] };

const meta = (extra: string): string => `metadata:\n  organization: tetrate\n  tenant: prod\n${extra}`;

/** The YAML, with the gateway hostname as a knob for change propagation. */
export function configYaml(hostname = 'bookinfo.example.com'): string {
  return `apiVersion: api.tsb.tetrate.io/v2
kind: Tenant
metadata:
  organization: tetrate
  name: prod
spec:
  displayName: Production
---
apiVersion: api.tsb.tetrate.io/v2
kind: Workspace
${meta('  name: bookinfo')}
spec:
  namespaceSelector:
    names: ["*/bookinfo", "c1/shared"]
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: Group
${meta('  workspace: bookinfo\n  name: gw')}
spec:
  namespaceSelector:
    names: ["*/bookinfo"]
  configMode: BRIDGED
---
apiVersion: traffic.tsb.tetrate.io/v2
kind: Group
${meta('  workspace: bookinfo\n  name: traffic')}
spec:
  namespaceSelector:
    names: ["*/bookinfo"]
  configMode: BRIDGED
---
apiVersion: security.tsb.tetrate.io/v2
kind: Group
${meta('  workspace: bookinfo\n  name: sec')}
spec:
  namespaceSelector:
    names: ["*/bookinfo", "c1/shared"]
  configMode: BRIDGED
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: IngressGateway
${meta('  workspace: bookinfo\n  group: gw\n  name: bookinfo-gw')}
spec:
  workloadSelector:
    namespace: bookinfo
    labels:
      app: bookinfo-gateway
  http:
  - name: bookinfo
    port: 443
    hostname: ${hostname}
    tls:
      mode: SIMPLE
      secretName: bookinfo-certs
    routing:
      rules:
      - route:
          host: bookinfo/productpage.bookinfo.svc.cluster.local
          port: 9080
---
apiVersion: traffic.tsb.tetrate.io/v2
kind: TrafficSetting
${meta('  workspace: bookinfo\n  group: traffic\n  name: default')}
spec:
  reachability:
    mode: GROUP
  resilience:
    circuitBreakerSensitivity: MEDIUM
---
apiVersion: security.tsb.tetrate.io/v2
kind: SecuritySetting
${meta('  workspace: bookinfo\n  group: sec\n  name: default')}
spec:
  authenticationSettings:
    trafficMode: REQUIRED
  authorization:
    mode: WORKSPACE
`;
}

/** The object files each cluster must hold for configYaml(). */
export const EXPECTED: Record<string, string[]> = {
  c1: [
    'bookinfo/AuthorizationPolicy/sec-default',
    'bookinfo/DestinationRule/traffic-default-all',
    'bookinfo/Gateway/bookinfo-gw',
    'bookinfo/PeerAuthentication/sec-default',
    'bookinfo/Sidecar/traffic-default',
    'bookinfo/VirtualService/bookinfo-gw-bookinfo',
    // issue #16: every cluster's agent also holds istiod's plug-in CA material.
    'istio-system/Secret/cacerts',
    'shared/AuthorizationPolicy/sec-default',
    'shared/PeerAuthentication/sec-default',
  ],
  c2: [
    'bookinfo/AuthorizationPolicy/sec-default',
    'bookinfo/DestinationRule/traffic-default-all',
    'bookinfo/Gateway/bookinfo-gw',
    'bookinfo/PeerAuthentication/sec-default',
    'bookinfo/Sidecar/traffic-default',
    'bookinfo/VirtualService/bookinfo-gw-bookinfo',
    'istio-system/Secret/cacerts',
  ],
  c3: ['istio-system/Secret/cacerts'],
};

/** A REST client logged in as admin. */
export async function adminClient(address: string, caFile: string, password: string): Promise<MeshClient> {
  return new MeshClient({ address, ca: await readFile(caFile, 'utf8'), credentials: { username: 'admin', password } });
}
