import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateResource } from './index.js';

/** The problem text validation answers for `spec`, or '' when it is accepted. */
function problems(apiVersion: string, kind: string, fqn: string, spec: Record<string, unknown>): string {
  try {
    validateResource({ apiVersion, kind, metadata: { name: fqn.split('/').pop() ?? '' }, spec }, { fqn });
    return '';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const ORG = 'organizations/tetrate';
const WS = `${ORG}/tenants/prod/workspaces/bookinfo`;

test('GIVEN settings fields that were open objects (failoverSettings, regionalFailover, defaultEastWestGatewaySettings) WHEN a key is misspelt THEN apply rejects it naming the field and the nearest key; TSB shapes are accepted', () => {
  const org = (spec: Record<string, unknown>): string => problems('api.tsb.tetrate.io/v2', 'OrganizationSetting', `${ORG}/settings/default`, spec);
  const ws = (spec: Record<string, unknown>): string => problems('api.tsb.tetrate.io/v2', 'WorkspaceSetting', `${WS}/settings/default`, spec);
  assert.equal(
    org({
      failoverSettings: {
        failoverPriority: ['topology.istio.io/network'],
        regionalFailover: [{ from: 'a', to: 'b' }],
        topologyChoice: 'CLUSTER',
        automaticLoadBalancing: { enabled: { value: true } },
      },
    }),
    '',
  );
  assert.match(
    org({ failoverSettings: { failoverPriorty: ['x'] } }),
    /spec\.failoverSettings\.failoverPriorty: unknown field \(did you mean "failoverPriority"\?\)/,
  );
  assert.match(
    org({ failoverSettings: { regionalFailover: [{ form: 'a', to: 'b' }] } }),
    /spec\.failoverSettings\.regionalFailover\[0\]\.form: unknown field \(did you mean "from"\?\)/,
  );
  assert.equal(
    ws({
      regionalFailover: [{ from: 'a', to: 'b' }],
      defaultEastWestGatewaySettings: [
        { workloadSelector: { namespace: 'eastwest', labels: { app: 'ew' } }, exposedServices: [{ serviceLabels: { a: 'b' } }] },
      ],
    }),
    '',
  );
  assert.match(ws({ regionalFailover: [{ from: 'a', too: 'b' }] }), /spec\.regionalFailover\[0\]\.too: unknown field/);
  assert.match(
    ws({ defaultEastWestGatewaySettings: [{ workloadSelecter: { namespace: 'eastwest' } }] }),
    /spec\.defaultEastWestGatewaySettings\[0\]\.workloadSelecter: unknown field \(did you mean "workloadSelector"\?\)/,
  );
});

test('GIVEN route fields that were open objects (gateway match, modify, directResponse, corsPolicy; ServiceRoute match) WHEN a key is misspelt THEN apply rejects it; a StringMatch needs exactly one of exact/prefix/regex', () => {
  const gw = (rule: Record<string, unknown>, routing: Record<string, unknown> = {}): string =>
    problems('gateway.tsb.tetrate.io/v2', 'IngressGateway', `${WS}/gatewaygroups/gw/ingressgateways/g`, {
      workloadSelector: { namespace: 'bookinfo' },
      http: [{ name: 's', port: 80, hostname: 'a.example.com', routing: { rules: [rule], ...routing } }],
    });
  const at = 'spec\\.http\\[0\\]\\.routing\\.rules\\[0\\]';
  assert.equal(gw({ match: [{ uri: { prefix: '/' }, headers: { a: { regex: 'x' } } }], modify: { rewrite: { uri: '/' } }, route: { host: 'bookinfo/a' } }), '');
  assert.match(gw({ match: [{ header: {} }] }), new RegExp(`${at}\\.match\\[0\\]\\.header: unknown field \\(did you mean "headers"\\?\\)`));
  assert.match(gw({ match: [{ uri: { prefix: '/', exact: '/' } }] }), new RegExp(`${at}\\.match\\[0\\]\\.uri`));
  assert.match(gw({ match: [{ uri: {} }] }), new RegExp(`${at}\\.match\\[0\\]\\.uri`));
  assert.match(gw({ modify: { rewrte: { uri: '/' } } }), new RegExp(`${at}\\.modify\\.rewrte: unknown field \\(did you mean "rewrite"\\?\\)`));
  assert.match(gw({ directResponse: { status: 200, body: { text: 'x' } } }), new RegExp(`${at}\\.directResponse\\.body`));
  assert.match(
    gw({ route: { host: 'bookinfo/a' } }, { corsPolicy: { allowOrigins: ['*'] } }),
    /spec\.http\[0\]\.routing\.corsPolicy\.allowOrigins: unknown field \(did you mean "allowOrigin"\?\)/,
  );
  const sr = problems('traffic.tsb.tetrate.io/v2', 'ServiceRoute', `${WS}/trafficgroups/t/serviceroutes/r`, {
    service: 'bookinfo/r.bookinfo.svc.cluster.local',
    httpRoutes: [{ name: 'a', match: [{ method: { exact: 'GET' } }], destination: [{ subset: 'v1' }] }],
  });
  assert.match(sr, /spec\.httpRoutes\[0\]\.match\[0\]\.method: unknown field; allowed here: name, uri, headers, port/);
});
