// The golden cases: one GIVEN fixture per component variant, rendered WHEN through the same path
// `tctl install manifest` uses, THEN compared with golden/<fixture>.yaml (stdout) and
// golden/<fixture>.warnings.txt (stderr notes). Regenerate after an intended change with
//   node --import tsx test/install/update-golden.ts
// and review the diff like code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderInstall, type ManifestTarget } from '../../src/install/index.js';
import { formatYaml } from '../../src/command/index.js';

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
export const GOLDEN = new URL('./golden/', import.meta.url).pathname;

/** One golden case: the GIVEN (fixture + target) and what it is about. */
export interface GoldenCase {
  fixture: string;
  target: ManifestTarget;
  given: string;
}

export const CASES: readonly GoldenCase[] = [
  { fixture: 'mp-minimal.yaml', target: 'management-plane', given: 'a ManagementPlane with spec: {} (demo PostgreSQL)' },
  {
    fixture: 'mp-faq-internal-lb.yaml',
    target: 'management-plane',
    given: 'the FAQ ManagementPlane with an internal AWS load balancer and external PostgreSQL',
  },
  { fixture: 'mp-every-field.yaml', target: 'management-plane', given: 'a ManagementPlane with every kubeSpec field, HPA and overlays' },
  { fixture: 'mp-tsb.yaml', target: 'management-plane', given: "a TSB user's ManagementPlane full of TSB-only fields" },
  { fixture: 'cp-minimal.yaml', target: 'control-plane', given: 'a ControlPlane with only managementPlane host and clusterName (CNI off)' },
  { fixture: 'cp-cni.yaml', target: 'control-plane', given: 'a ControlPlane with CNI on, revision stable, self-signed MP and overlays' },
  { fixture: 'cp-cni-default-revision.yaml', target: 'control-plane', given: 'a ControlPlane with CNI on and no revision (newest tsbVersion wins)' },
  { fixture: 'cp-tsb.yaml', target: 'control-plane', given: "a TSB user's ControlPlane" },
  { fixture: 'ig-empty.yaml', target: 'gateway', given: 'an IngressGateway with spec: {}' },
  { fixture: 'ig-faq-annotations.yaml', target: 'gateway', given: 'the FAQ IngressGateway with spec.kubeSpec.service.annotations' },
  { fixture: 'ig-every-field.yaml', target: 'gateway', given: 'an IngressGateway with every kubeSpec field (HPA on)' },
  { fixture: 'ig-fixed-replicas.yaml', target: 'gateway', given: 'an IngressGateway with replicaCount (HPA off)' },
  { fixture: 'ig-eastwest.yaml', target: 'gateway', given: 'an east-west-only IngressGateway' },
  { fixture: 'gateways-other.yaml', target: 'gateway', given: 'an EgressGateway and a Tier1Gateway with an overlay in one file' },
];

/** Renders a case exactly as the CLI prints it. */
export function renderCase(c: GoldenCase): { stdout: string; warnings: string } {
  const r = renderInstall(c.target, [{ name: c.fixture, text: readFileSync(join(FIXTURES, c.fixture), 'utf8') }], { version: '0.1.0' });
  return { stdout: formatYaml(r.objects), warnings: r.warnings.map((w) => `Warning: ${w}\n`).join('') };
}
