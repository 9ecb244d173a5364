import type { KubeObject } from './canonical.js';
import { crSchema, INSTALL_API_VERSION, type InstallKind } from './schema/install-crs.js';
import { toCrdSchema, type Schema } from './schema/structural.js';

const NAMES: Record<InstallKind, { plural: string; short: string[] }> = {
  ManagementPlane: { plural: 'managementplanes', short: ['mp'] },
  ControlPlane: { plural: 'controlplanes', short: ['cp'] },
  IngressGateway: { plural: 'ingressgateways', short: ['ig'] },
  EgressGateway: { plural: 'egressgateways', short: ['eg'] },
  Tier1Gateway: { plural: 'tier1gateways', short: ['t1'] },
};

/** The CRD of one install kind; its openAPIV3Schema is the schema `tctl install manifest` validates CRs with. */
export function renderCrd(kind: InstallKind): KubeObject {
  const [group, version] = INSTALL_API_VERSION.split('/');
  const props = crSchema(kind).properties as Record<string, Schema>;
  const openAPIV3Schema: Schema = {
    type: 'object',
    description: `${kind} of TSB's install API, as meshbridge renders it.`,
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: toCrdSchema(props.spec),
      status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    },
  };
  const { plural, short } = NAMES[kind];
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}`, labels: { 'app.kubernetes.io/part-of': 'meshbridge' } },
    spec: {
      group,
      names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase(), shortNames: short },
      scope: 'Namespaced',
      versions: [{ name: version, served: true, storage: true, schema: { openAPIV3Schema }, subresources: { status: {} } }],
    },
  };
}

/** Every install CRD. */
export function renderCrds(): KubeObject[] {
  return (Object.keys(NAMES) as InstallKind[]).map(renderCrd);
}
