/**
 * Goldens for route match conditions and rule mutations, field by field (issue #18 review: the
 * match schemas are closed, so the field-coverage walk reaches every leaf). TSB:
 * terraform-provider-tsb docs/resources/gateway_ingress_gateway.md (`http.routing.rules.match`:
 * uri and headers, each a StringMatch exact/prefix/regex; `modify.rewrite` authority/uri;
 * `modify.headers.request|response` add/set/remove) and traffic_service_route.md
 * (`http_routes.match`: name, uri, headers, port). Included in GOLDENS by goldens.test-data.ts.
 */
import type { ConfigResource } from './model.js';

const REF_INGRESS =
  'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/gateway/v2/ingress_gateway (terraform-provider-tsb docs/resources/gateway_ingress_gateway.md: http.routing.rules.match, modify)';
const REF_ROUTE =
  'https://docs.tetrate.io/service-bridge/1.10.x/refs/tsb/traffic/v2/service_route (terraform-provider-tsb docs/resources/traffic_service_route.md: http_routes.match)';
const WS = 'organizations/tetrate/tenants/prod/workspaces/bookinfo';

const resource = (fqn: string, apiVersion: string, kind: string, spec: Record<string, unknown>): ConfigResource => ({
  fqn,
  apiVersion,
  kind,
  name: fqn.split('/').pop() ?? '',
  metadata: {},
  spec,
});
const PP = 'productpage.bookinfo.svc.cluster.local';

interface MatchGolden {
  readonly name: string;
  readonly ref: string;
  readonly cluster: 'c1' | 'c2';
  readonly given: ConfigResource[];
  readonly then: Readonly<Record<string, Record<string, unknown>>>;
}

export const MATCH_GOLDENS: readonly MatchGolden[] = [
  {
    name: 'IngressGateway rule: uri regex and header matches, authority rewrite, request and response header add/set/remove become the HTTPRoute as written',
    ref: REF_INGRESS,
    cluster: 'c1',
    given: [
      resource(`${WS}/gatewaygroups/gw/ingressgateways/gm`, 'gateway.tsb.tetrate.io/v2', 'IngressGateway', {
        workloadSelector: { namespace: 'bookinfo', labels: { app: 'gm' } },
        http: [
          {
            name: 'm',
            port: 80,
            hostname: 'm.example.com',
            routing: {
              rules: [
                {
                  match: [{ uri: { regex: '^/v[0-9]+/.*' }, headers: { 'x-user': { prefix: 'admin-' } } }],
                  modify: {
                    rewrite: { authority: 'internal.example.com' },
                    headers: {
                      request: { add: { 'x-via': 'gw' }, remove: ['x-debug'] },
                      response: { add: { 'x-served-by': 'gm' }, set: { 'cache-control': 'no-store' }, remove: ['server'] },
                    },
                  },
                  route: { host: `bookinfo/${PP}`, port: 9080 },
                },
              ],
            },
          },
        ],
      }),
    ],
    then: {
      'bookinfo/VirtualService/gm-m': {
        hosts: ['m.example.com'],
        gateways: ['bookinfo/gm'],
        http: [
          {
            name: 'm-0',
            match: [{ uri: { regex: '^/v[0-9]+/.*' }, headers: { 'x-user': { prefix: 'admin-' } } }],
            rewrite: { authority: 'internal.example.com' },
            headers: {
              request: { add: { 'x-via': 'gw' }, remove: ['x-debug'] },
              response: { add: { 'x-served-by': 'gm' }, set: { 'cache-control': 'no-store' }, remove: ['server'] },
            },
            route: [{ destination: { host: PP, port: { number: 9080 } } }],
          },
        ],
      },
    },
  },
  {
    name: 'ServiceRoute httpRoutes match: name, uri exact/prefix/regex and port become Istio HTTPMatchRequests (one entry each, OR-ed)',
    ref: REF_ROUTE,
    cluster: 'c2',
    given: [
      resource(`${WS}/trafficgroups/traffic/serviceroutes/productpage`, 'traffic.tsb.tetrate.io/v2', 'ServiceRoute', {
        service: `bookinfo/${PP}`,
        subsets: [{ name: 'v1', labels: { version: 'v1' } }],
        httpRoutes: [
          {
            name: 'api',
            match: [
              { name: 'exact', uri: { exact: '/api' } },
              { name: 'prefix', uri: { prefix: '/api/' }, port: 9080 },
              { name: 'regex', uri: { regex: '^/v[0-9]+$' } },
            ],
            destination: [{ subset: 'v1', weight: 100 }],
          },
        ],
      }),
    ],
    then: {
      'bookinfo/VirtualService/productpage': {
        hosts: [PP],
        http: [
          {
            name: 'api',
            match: [
              { name: 'exact', uri: { exact: '/api' } },
              { name: 'prefix', uri: { prefix: '/api/' }, port: 9080 },
              { name: 'regex', uri: { regex: '^/v[0-9]+$' } },
            ],
            route: [{ destination: { host: PP, subset: 'v1' }, weight: 100 }],
          },
          { name: 'default', route: [{ destination: { host: PP, subset: 'v1' }, weight: 100 }] },
        ],
      },
    },
  },
];
