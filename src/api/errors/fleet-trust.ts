import type { ErrorDef } from './error-def.js';

// MB4940–MB4969: what the fleet's workloads trust (issue #16, agents' workload trust reports,
// `tctl x certs rootca-compare --all` over the live fleet).
export const FleetTrustErrors = {
  WorkloadTrustInvalid: {
    code: 'MB4940',
    name: 'WorkloadTrustInvalid',
    status: 400,
    title: 'Invalid workload trust material in the inventory',
    fix: 'List each workload under `workloads:` as {namespace, name, rootCert, certChain}: rootCert the PEM bundle the sidecar trusts (ROOTCA, what istiod distributes as root-cert.pem), certChain its PEM certificate chain, leaf first.',
  },
  WorkloadTrustNotReported: {
    code: 'MB4941',
    name: 'WorkloadTrustNotReported',
    status: 404,
    title: 'No workload trust reported',
    fix: "Check that the cluster's agent is connected (tctl status cluster NAME) and that its inventory lists workloads: `workloads:` in a file inventory, or sidecars whose Envoy admin (:15000) the Kubernetes inventory can port-forward to.",
  },
  SecretDumpUnreadable: {
    code: 'MB4942',
    name: 'SecretDumpUnreadable',
    status: 502,
    title: "A sidecar's secrets could not be read",
    fix: "Check that the pod's istio-proxy is running and that the agent's service account may create pods/portforward in its namespace; `istioctl proxy-config secret POD.NS` reads the same source.",
  },
  RotationRootUnknown: {
    code: 'MB4943',
    name: 'RotationRootUnknown',
    status: 400,
    title: 'Not a root fingerprint',
    fix: 'Give the root as the SHA-256 fingerprint of its DER in lower-case hex (64 characters), as `tctl x certs rootca-compare --all -o json` lists it.',
  },
  CacertsManifestGone: {
    code: 'MB4944',
    name: 'CacertsManifestGone',
    status: 400,
    title: 'The cacerts response no longer carries a Secret manifest',
    fix: "Drop `?namespace=`: the cluster's agent writes istiod's `cacerts` Secret in istio-system itself (Kubernetes sink: the Secret; directory sink: its YAML, mode 0600) and private keys are never returned by REST. GET …/clusters/{c}/cacerts shows the public files and what the agent reports holding.",
  },
} as const satisfies Record<string, ErrorDef>;
