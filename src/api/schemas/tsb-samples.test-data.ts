// TSB YAML as published in TSB's docs and the tsb-single-vm / tsb-cheatsheet samples (see
// shared/reference/tsb.md §1.2); each must validate unchanged.
export const TSB_SAMPLES = `
apiVersion: api.tsb.tetrate.io/v2
kind: OrganizationSetting
metadata:
  name: default
  organization: tetrate
spec:
  defaultSecuritySetting:
    authenticationSettings:
      trafficMode: REQUIRED
    authorization:
      mode: RULES
      rules:
        allow:
          - from:
              fqn: organizations/tetrate/tenants/prod-abc
            to:
              fqn: organizations/tetrate/tenants/prod-abc
  defaultTrafficSetting:
    reachability:
      mode: CLUSTER
  displayName: default
  networkSettings:
    networkReachability:
      cluster1-network: cluster2-network,cluster3-network
---
apiVersion: api.tsb.tetrate.io/v2
kind: Tenant
metadata:
  organization: tetrate
  name: prod-abc
spec:
  displayName: Prod ABC
  description: Tenant for the ABC application in production
  deletionProtectionEnabled: false
---
apiVersion: api.tsb.tetrate.io/v2
kind: Workspace
metadata:
  organization: tetrate
  tenant: prod-abc
  name: app-abc-ws
spec:
  displayName: App ABC
  namespaceSelector:
    names:
      - "cluster1/ns-a"
      - "cluster2/ns-b"
      - "*/ns-c"
      - "cluster3/app-*"
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: Group
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  name: gateway-abc-group
spec:
  displayName: ABC gateways
  namespaceSelector:
    names:
      - "cluster1/gateway-a"
  configMode: BRIDGED
---
apiVersion: traffic.tsb.tetrate.io/v2
kind: Group
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  name: traffic-abc-group
spec:
  namespaceSelector:
    names:
      - "*/ns-a"
  configMode: DIRECT
---
apiVersion: security.tsb.tetrate.io/v2
kind: Group
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  name: security-abc-group
spec:
  namespaceSelector:
    names:
      - "*/ns-a"
  configMode: BRIDGED
  securityDomain: organizations/tetrate/securitydomains/abc
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: IngressGateway
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  group: gateway-abc-group
  name: app-abc-gateway
spec:
  workloadSelector:
    namespace: gateway-a
    labels:
      app: gateway-a
  http:
    - name: app-abc-https
      port: 443
      hostname: abc.demo.tetrate.io
      tls:
        mode: SIMPLE
        secretName: app-abc-cert
      routing:
        rules:
          - route:
              host: "ns-a/app-a.ns-a.svc.cluster.local"
              port: 80
    - name: redirect
      port: 80
      hostname: abc.demo.tetrate.io
      routing:
        rules:
          - redirect:
              authority: abc.demo.tetrate.io
              port: 443
              redirectCode: 301
              scheme: https
---
apiVersion: gateway.tsb.tetrate.io/v2
kind: Tier1Gateway
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  group: gateway-abc-group
  name: app-abc-t1
spec:
  workloadSelector:
    namespace: t1
    labels:
      app: tier1
  externalServers:
    - hostname: abc.demo.tetrate.io
      name: app-abc
      port: 443
      tls:
        mode: SIMPLE
        secretName: app-abc-cert
      clusters:
        - name: cluster1
          weight: 75
        - name: cluster2
          weight: 25
---
apiVersion: traffic.tsb.tetrate.io/v2
kind: TrafficSetting
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  group: traffic-abc-group
  name: default
spec:
  reachability:
    mode: GROUP
  resilience:
    httpRequestTimeout: 10s
    httpRetries:
      attempts: 3
      perTryTimeout: 2s
    circuitBreakerSensitivity: MEDIUM
  egress:
    host: bookinfo-perimeter/tsb-egress
---
apiVersion: traffic.tsb.tetrate.io/v2
kind: ServiceRoute
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  group: traffic-abc-group
  name: reviews
spec:
  service: bookinfo/reviews.bookinfo.svc.cluster.local
  subsets:
    - name: v1
      labels:
        version: v1
      weight: 50
    - name: v2
      labels:
        version: v2
      weight: 50
---
apiVersion: security.tsb.tetrate.io/v2
kind: SecuritySetting
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  group: security-abc-group
  name: default
spec:
  authenticationSettings:
    trafficMode: REQUIRED
  authorization:
    mode: GROUP
  propagationStrategy: STRICTER
---
apiVersion: api.tsb.tetrate.io/v2
kind: WorkspaceSetting
metadata:
  organization: tetrate
  tenant: prod-abc
  workspace: app-abc-ws
  name: default
spec:
  defaultSecuritySetting:
    authenticationSettings:
      trafficMode: REQUIRED
    authorization:
      mode: WORKSPACE
  defaultTrafficSetting:
    reachability:
      mode: WORKSPACE
---
apiVersion: api.tsb.tetrate.io/v2
kind: Cluster
metadata:
  organization: tetrate
  name: cluster1
spec:
  displayName: Cluster 1
  network: cluster1-network
  tokenTtl: 87600h
  tier1Cluster: false
  locality:
    region: region1
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: bookinfo
  namespace: ns-a
  annotations:
    tsb.tetrate.io/organization: tetrate
    tsb.tetrate.io/tenant: prod-abc
    tsb.tetrate.io/workspace: app-abc-ws
    tsb.tetrate.io/trafficGroup: traffic-abc-group
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
`;
