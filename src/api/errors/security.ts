import type { ErrorDef } from './error-def.js';

// Issue 10 (security review). MB1200–MB1299: management plane; MB2200–MB2299: tctl;
// MB3200–MB3299: clusters/distribution; MB5200–MB5299: CNI.
export const SecurityErrors = {
  DataDirInsecure: {
    code: 'MB1200',
    name: 'DataDirInsecure',
    status: 503,
    title: 'Data directory is writable by other users',
    fix: 'The data directory holds the database, the signing and CA keys: run `chmod 0700 <data-dir>` (and make sure it is owned by the user running meshbridge), or point --data-dir at a directory only that user can write.',
  },
  LoginNameTaken: {
    code: 'MB1201',
    name: 'LoginNameTaken',
    status: 409,
    title: 'Login name already taken',
    fix: 'Login names are unique in an organization, compared case-insensitively (a user without spec.loginName logs in with its resource name): choose another spec.loginName.',
  },
  SecretsKeyMismatch: {
    code: 'MB1202',
    name: 'SecretsKeyMismatch',
    status: 503,
    title: 'Sealed secret cannot be opened with this secrets key',
    fix: 'The database holds keys sealed with another secrets key: give every replica the same key file (--secrets-key-file, default <data-dir>/secrets.key, mode 0600), copied from the replica that created the database.',
  },
  EmptyManifest: {
    code: 'MB2200',
    name: 'EmptyManifest',
    status: 400,
    title: 'Nothing to apply',
    fix: 'The file (or stdin) holds no YAML/JSON document: check the path given to -f, or that the generator that produced it did not fail.',
  },
  UnsafeYaml: {
    code: 'MB2201',
    name: 'UnsafeYaml',
    status: 400,
    title: 'YAML uses a construct that is not plain data',
    fix: 'Manifests are plain data: remove custom tags (!!js/…, !!binary, !Ref …), expand anchors/aliases that multiply the document, and rename keys such as __proto__.',
  },
  NothingExtracted: {
    code: 'MB2202',
    name: 'NothingExtracted',
    status: 422,
    title: 'No certificate was extracted',
    fix: 'The input holds no certificate the command looks for: check it is an Envoy config dump (istioctl proxy-config secret -o json / curl :15000/config_dump) and that the secret names asked for exist in it.',
  },
  DirectObjectCollision: {
    code: 'MB3200',
    name: 'DirectObjectCollision',
    status: 409,
    title: 'Two DIRECT objects would be the same cluster object',
    fix: 'Two resources map to one Kubernetes object (same kind, namespace and name in a cluster): rename this one, or delete the other first.',
  },
  InvalidKubernetesName: {
    code: 'MB3201',
    name: 'InvalidKubernetesName',
    status: 400,
    title: 'Not a valid Kubernetes name',
    fix: 'Names and namespaces of Istio objects must be DNS-1123: lowercase letters, digits, "-" and "." (names) or "-" (namespaces), starting and ending with a letter or digit, at most 253 (names) or 63 (namespaces) characters.',
  },
} as const satisfies Record<string, ErrorDef>;
