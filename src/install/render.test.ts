import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderInstall } from './render.js';
import type { KubeObject } from './canonical.js';

const render = (target: 'management-plane' | 'control-plane' | 'gateway', yaml: string): { objects: KubeObject[]; warnings: string[] } =>
  renderInstall(target, [{ name: 'in.yaml', text: yaml }], { version: '9.9.9' });
const get = (objs: KubeObject[], kind: string, name: string): KubeObject => {
  const o = objs.find((x) => x.kind === kind && x.metadata.name === name);
  assert.ok(o, `${kind}/${name} missing: ${objs.map((x) => `${x.kind}/${x.metadata.name}`).join(' ')}`);
  return o;
};
type Pod = { spec: { containers: { args: string[]; env: { name: string; value?: string }[]; image: string }[]; volumes: { name: string }[] } };
const pod = (o: KubeObject): Pod => (o.spec as { template: Pod }).template;
const HEAD = 'apiVersion: install.tetrate.io/v1alpha1\n';

test('ManagementPlane with postgres: the URL carries no credentials, they come from the Secret; no demo objects', () => {
  const { objects } = render(
    'management-plane',
    `${HEAD}kind: ManagementPlane\nmetadata: { name: mp, namespace: tsb }\nspec:\n  organization: acme\n  dataStore:\n    postgres: { host: db, sslMode: verify-full }\n`,
  );
  const cm = get(objects, 'ConfigMap', 'meshbridge-server-config');
  assert.deepEqual(cm.data, { MESHBRIDGE_DATABASE: 'postgres://db:5432/meshbridge?sslmode=verify-full', MESHBRIDGE_ORGANIZATION: 'acme' });
  const c = pod(get(objects, 'Deployment', 'meshbridge-server')).spec.containers[0];
  assert.equal(c.image, 'docker.io/meshbridge/meshbridge:9.9.9');
  assert.deepEqual(c.args.slice(0, 5), ['server', '--listen', ':8443', '--agent-listen', ':9443']);
  assert.deepEqual(
    c.env.map((e) => e.name),
    ['PGUSER', 'PGPASSWORD', 'MESHBRIDGE_ADMIN_PASSWORD'],
  );
  assert.equal(
    objects.some((o) => o.kind === 'StatefulSet'),
    false,
  );
  assert.equal(
    objects.some((o) => o.kind === 'HorizontalPodAutoscaler'),
    false,
    'no HPA without hpaSpec',
  );
});

test('ManagementPlane hpaSpec renders an autoscaling/v2 HPA and leaves replicas to it', () => {
  const { objects } = render(
    'management-plane',
    `${HEAD}kind: ManagementPlane\nspec:\n  dataStore: { postgres: { host: db } }\n  components:\n    apiServer:\n      kubeSpec:\n        deployment:\n          replicaCount: 4\n          hpaSpec: { minReplicas: 2, maxReplicas: 6, metrics: [{ type: Resource, resource: { name: cpu, targetAverageUtilization: 75 } }] }\n`,
  );
  const hpa = get(objects, 'HorizontalPodAutoscaler', 'meshbridge-server');
  assert.deepEqual(hpa.spec, {
    maxReplicas: 6,
    metrics: [{ resource: { name: 'cpu', target: { averageUtilization: 75, type: 'Utilization' } }, type: 'Resource' }],
    minReplicas: 2,
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'meshbridge-server' },
  });
  assert.equal((get(objects, 'Deployment', 'meshbridge-server').spec as { replicas?: number }).replicas, undefined);
});

test('ManagementPlane frontEnvoy.port moves the Service port; the container keeps 8443', () => {
  const { objects } = render(
    'management-plane',
    `${HEAD}kind: ManagementPlane\nspec:\n  dataStore: { postgres: { host: db } }\n  components: { frontEnvoy: { port: 443 } }\n`,
  );
  const ports = (get(objects, 'Service', 'envoy').spec as { ports: { name: string; port: number; targetPort: number }[] }).ports;
  assert.deepEqual(
    ports.map((p) => [p.name, p.port, p.targetPort]),
    [
      ['https', 443, 8443],
      ['grpc-agent', 9443, 9443],
    ],
  );
});

test('ControlPlane renders the agent command line from managementPlane and no CNI without CNI', () => {
  const { objects, warnings } = render(
    'control-plane',
    `${HEAD}kind: ControlPlane\nspec:\n  managementPlane: { host: mp.example.com, port: 8443, clusterName: c1 }\n`,
  );
  assert.deepEqual(pod(get(objects, 'Deployment', 'meshbridge-agent')).spec.containers[0].args, [
    'agent',
    '--management-plane',
    'mp.example.com:9443',
    '--cluster',
    'c1',
    '--credentials',
    '/etc/meshbridge/cluster/jwk',
    '--sink',
    'kubernetes',
    '--inventory',
    'kubernetes',
    '--state-dir',
    '/var/lib/meshbridge',
  ]);
  assert.equal(
    objects.some((o) => o.kind === 'DaemonSet'),
    false,
  );
  assert.match(
    warnings.join('\n'),
    /in\.yaml: spec\.managementPlane\.port: 8443 is the management plane's API port; the agent dials its agent listener mp\.example\.com:9443/,
  );
});

test("GIVEN TSB's ControlPlane (managementPlane port 8443) WHEN rendered THEN the agent dials the agent listener of that host; agentPort overrides it", () => {
  const args = (mp: string): string[] =>
    pod(get(render('control-plane', `${HEAD}kind: ControlPlane\nspec:\n  managementPlane: ${mp}\n`).objects, 'Deployment', 'meshbridge-agent')).spec
      .containers[0].args;
  const target = (a: string[]): string => a[a.indexOf('--management-plane') + 1];
  assert.equal(target(args('{ host: tsb.example.com, port: 8443, selfSigned: true, clusterName: c1 }')), 'tsb.example.com:9443');
  assert.equal(target(args('{ host: tsb.example.com, port: 443, clusterName: c1 }')), 'tsb.example.com:9443');
  assert.equal(target(args('{ host: tsb.example.com, port: 8443, agentPort: 15443, clusterName: c1 }')), 'tsb.example.com:15443');
  assert.equal(target(args('{ host: "fd00::1", port: 8443, clusterName: c1 }')), '[fd00::1]:9443');
});

test('CNI: the DaemonSet runs the installer on the configured host directories, with cleanup and readiness', () => {
  const { objects } = render(
    'control-plane',
    `${HEAD}kind: ControlPlane\nspec:\n  managementPlane: { host: h, clusterName: c }\n  components:\n    istio:\n      kubeSpec:\n        CNI: { chained: true, binaryDirectory: /home/kubernetes/bin, configurationDirectory: /etc/cni/net.d }\n`,
  );
  const ds = get(objects, 'DaemonSet', 'istio-cni-node');
  assert.equal(ds.metadata.namespace, 'kube-system');
  const p = pod(ds) as unknown as { spec: { containers: { args: string[]; readinessProbe: unknown; volumeMounts: unknown[] }[]; volumes: unknown[] } };
  assert.deepEqual(p.spec.containers[0].args, [
    'cni',
    'install',
    '--cni-conf-dir',
    '/etc/cni/net.d',
    '--cni-bin-dir',
    '/home/kubernetes/bin',
    '--cleanup',
    '--health-address',
    '0.0.0.0:8000',
    '--log-file',
    '/var/run/meshbridge-cni/meshbridge-cni.log',
  ]);
  assert.deepEqual(p.spec.containers[0].readinessProbe, { httpGet: { path: '/readyz', port: 8000 }, periodSeconds: 5, timeoutSeconds: 2 });
  assert.deepEqual(p.spec.volumes, [
    { hostPath: { path: '/etc/cni/net.d', type: 'DirectoryOrCreate' }, name: 'cni-net-dir' },
    { hostPath: { path: '/home/kubernetes/bin', type: 'DirectoryOrCreate' }, name: 'cni-bin-dir' },
    { hostPath: { path: '/var/run/meshbridge-cni', type: 'DirectoryOrCreate' }, name: 'cni-log-dir' },
  ]);
  assert.deepEqual(p.spec.containers[0].volumeMounts, [
    { mountPath: '/etc/cni/net.d', name: 'cni-net-dir' },
    { mountPath: '/home/kubernetes/bin', name: 'cni-bin-dir' },
    { mountPath: '/var/run/meshbridge-cni', name: 'cni-log-dir' },
  ]);
  get(objects, 'ClusterRole', 'istio-cni-node');
  get(objects, 'ClusterRoleBinding', 'istio-cni-node');
});

test('CNI chained: false is refused rather than silently chained', () => {
  assert.throws(
    () =>
      render(
        'control-plane',
        `${HEAD}kind: ControlPlane\nspec:\n  managementPlane: { host: h, clusterName: c }\n  components: { istio: { kubeSpec: { CNI: { chained: false } } } }\n`,
      ),
    /CNI\.chained: false is not supported/,
  );
});

test("gateway kinds get Istio's ports: tier1 adds 15443, egress is ClusterIP, east-west exposes only 15021 and 15443", () => {
  const ports = (kind: string, extra = ''): string => {
    const { objects } = render('gateway', `${HEAD}kind: ${kind}\nmetadata: { name: g, namespace: n }\nspec: {${extra}}\n`);
    const s = get(objects, 'Service', 'g').spec as { type: string; ports: { port: number; targetPort: number }[] };
    return `${s.type} ${s.ports.map((p) => `${p.port}>${p.targetPort}`).join(',')}`;
  };
  assert.equal(ports('IngressGateway'), 'LoadBalancer 15021>15021,80>8080,443>8443');
  assert.equal(ports('Tier1Gateway'), 'LoadBalancer 15021>15021,80>8080,443>8443,15443>15443');
  assert.equal(ports('EgressGateway'), 'ClusterIP 15021>15021,80>8080,443>8443');
  assert.equal(ports('IngressGateway', 'eastWestOnly: true'), 'LoadBalancer 15021>15021,15443>15443');
});

test('kubeSpec.deployment env replaces same-named defaults and appends new ones; replicaCount turns the default HPA off', () => {
  const { objects } = render(
    'gateway',
    `${HEAD}kind: IngressGateway\nmetadata: { name: g }\nspec:\n  kubeSpec:\n    deployment:\n      replicaCount: 2\n      env: [{ name: ISTIO_META_ROUTER_MODE, value: sni-dnat }, { name: NEW, value: x }]\n`,
  );
  const env = pod(get(objects, 'Deployment', 'g')).spec.containers[0].env;
  assert.equal(env.find((e) => e.name === 'ISTIO_META_ROUTER_MODE')?.value, 'sni-dnat');
  assert.equal(env.filter((e) => e.name === 'ISTIO_META_ROUTER_MODE').length, 1);
  assert.equal(env[env.length - 1].name, 'NEW');
  assert.equal((get(objects, 'Deployment', 'g').spec as { replicas: number }).replicas, 2);
  assert.equal(
    objects.some((o) => o.kind === 'HorizontalPodAutoscaler'),
    false,
  );
});

test('two CRs rendering the same object are refused', () => {
  const ig = `${HEAD}kind: IngressGateway\nmetadata: { name: g, namespace: n }\nspec: {}\n`;
  assert.throws(() => render('gateway', `${ig}---\n${ig}`), /two input CRs render the same object ServiceAccount n\/g/);
});

test('a managementPlane.host with a scheme or port is refused with the fix', () => {
  for (const host of ['https://mp.example.com', 'mp.example.com:9443', 'mp/x']) {
    assert.throws(
      () => render('control-plane', `${HEAD}kind: ControlPlane\nspec:\n  managementPlane: { host: "${host}", clusterName: c }\n`),
      (e: Error & { fix?: string }) =>
        e.message.includes(`spec.managementPlane.host: "${host}" is not a host name`) && /port in spec\.managementPlane\.port/.test(e.fix ?? ''),
      host,
    );
  }
  for (const host of ['mp.example.com', '10.0.0.1', '[fd00::1]'])
    render('control-plane', `${HEAD}kind: ControlPlane\nspec:\n  managementPlane: { host: "${host}", clusterName: c }\n`);
});

test('namespaces must be DNS labels', () => {
  assert.throws(
    () => render('gateway', `${HEAD}kind: IngressGateway\nmetadata: { name: g, namespace: Apps }\nspec: {}\n`),
    /metadata\.namespace: "Apps" is not a valid DNS-1123 label/,
  );
});

test('an IPv6 management plane address is bracketed before the port', () => {
  const { objects } = render('control-plane', `${HEAD}kind: ControlPlane\nspec:\n  managementPlane: { host: "fd00::1", clusterName: c }\n`);
  assert.equal(pod(get(objects, 'Deployment', 'meshbridge-agent')).spec.containers[0].args[2], '[fd00::1]:9443');
});

test('components.defaultLogLevel becomes --log-level, mapped from TSB spellings; unknown levels are reported', () => {
  const mp = render(
    'management-plane',
    `${HEAD}kind: ManagementPlane\nspec:\n  dataStore: { postgres: { host: db } }\n  components: { defaultLogLevel: Warning }\n`,
  );
  assert.deepEqual(pod(get(mp.objects, 'Deployment', 'meshbridge-server')).spec.containers[0].args.slice(-2), ['--log-level', 'warn']);
  const cp = render(
    'control-plane',
    `${HEAD}kind: ControlPlane\nspec:\n  managementPlane: { host: h, clusterName: c }\n  components: { defaultLogLevel: loud }\n`,
  );
  assert.equal(pod(get(cp.objects, 'Deployment', 'meshbridge-agent')).spec.containers[0].args.includes('--log-level'), false);
  assert.match(cp.warnings.join('\n'), /spec\.components\.defaultLogLevel: ignored: "loud" is not a log level meshbridge agent knows/);
});
