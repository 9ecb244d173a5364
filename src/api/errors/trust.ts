import type { ErrorDef } from './error-def.js';

// MB1900–MB1999, MB3900–MB3999, MB4900–MB4999: the mesh's root of trust across the fleet (issue #16).
export const TrustErrors = {
  CaKeyInInventory: {
    code: 'MB3900',
    name: 'CaKeyInInventory',
    status: 400,
    title: 'Inventory lists a CA private key',
    fix: 'List only the certificates under `cacerts:` in the inventory file (ca-cert.pem, cert-chain.pem, root-cert.pem); the agent never reports ca-key.pem.',
  },
  CaInventoryInvalid: {
    code: 'MB3901',
    name: 'CaInventoryInvalid',
    status: 400,
    title: 'Invalid cacerts in the cluster inventory',
    fix: 'Give `cacerts:` as a map of PEM texts: `ca-cert.pem`, `cert-chain.pem` and `root-cert.pem`, each holding PEM CERTIFICATE blocks.',
  },
  CaChainMismatch: {
    code: 'MB4900',
    name: 'CaChainMismatch',
    status: 409,
    title: "The cluster's CA does not chain to the mesh root",
    fix: 'Plug in an intermediate issued by the mesh root (GET /v2/cas/root for the root; `tctl x ca create-intermediate`), or drop spec.bringYourOwnCa so meshbridge delivers cacerts itself.',
  },
  CaMissing: {
    code: 'MB4901',
    name: 'CaMissing',
    status: 409,
    title: 'The cluster holds no cacerts',
    fix: 'For a cluster with spec.bringYourOwnCa: create the `cacerts` Secret in istio-system (and list its certificates under `cacerts:` for a file inventory); otherwise wait for the agent to apply the delivered one.',
  },
} as const satisfies Record<string, ErrorDef>;
