import type { ErrorDef } from './error-def.js';

// tctl x doctor's own checks (issue #13): MB15xx what the management plane holds, MB25xx tctl and
// the agent's CNI report flags.
export const DoctorErrors = {
  CniNotChained: {
    code: 'MB1510',
    name: 'CniNotChained',
    status: 409,
    title: "A node's CNI chain does not end with istio-cni",
    fix: 'Run the Istio CNI installer on the node (`meshbridge cni install --cni-conf-dir /etc/cni/net.d --cni-bin-dir /opt/cni/bin`, the node DaemonSet): it appends istio-cni as the last plugin of the primary conflist and keeps it there; `meshbridge cni status --cni-conf-dir DIR` shows the chain.',
  },
  DoctorNoInstallCr: {
    code: 'MB2510',
    name: 'DoctorNoInstallCr',
    status: 400,
    title: 'No install CR in the files given to tctl x doctor -f',
    fix: 'Pass the install CRs you apply (apiVersion install.tetrate.io/v1alpha1: ManagementPlane, ControlPlane, DataPlane, IngressGateway, …): `tctl x doctor -f cp.yaml` or a directory of them.',
  },
  LbAnnotationValueInvalid: {
    code: 'MB2511',
    name: 'LbAnnotationValueInvalid',
    status: 400,
    title: 'A load-balancer annotation has a value its controller does not accept',
    fix: 'Set the value the controller reads, e.g. `service.beta.kubernetes.io/aws-load-balancer-scheme: internal` (or `internet-facing`); booleans are the strings "true"/"false".',
  },
  LbAnnotationKeyUnknown: {
    code: 'MB2512',
    name: 'LbAnnotationKeyUnknown',
    status: 400,
    title: 'A load-balancer annotation key is misspelt: no controller reads it',
    fix: 'Rename the key to the one doctor suggests; a misspelt annotation is ignored without a word and the load balancer is created with the defaults (internet-facing on AWS).',
  },
  CniConfDirInvalid: {
    code: 'MB2513',
    name: 'CniConfDirInvalid',
    status: 400,
    title: 'Not a CNI configuration directory',
    fix: "Give the node's CNI configuration directory as `--cni-conf-dir DIR` or `--cni-conf-dir NODE=DIR` (repeatable), e.g. `--cni-conf-dir /host/etc/cni/net.d`.",
  },
} as const satisfies Record<string, ErrorDef>;
