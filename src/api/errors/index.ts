// The error catalogue: every MB#### code with its HTTP status, message and documented fix, one file per area.
import type { ErrorDef } from './error-def.js';
import { CoreErrors } from './core.js';
import { TctlErrors } from './cli.js';
import { ClusterErrors } from './clusters.js';
import { PkiErrors } from './pki.js';
import { PkiVerifierErrors } from './pki-verifiers.js';
import { CniErrors } from './cni.js';
import { InstallErrors } from './install.js';
import { AuthErrors } from './auth.js';
import { StoreErrors } from './store.js';
import { SecurityErrors } from './security.js';
import { TsbUserErrors } from './tsb-users.js';
import { HealthErrors } from './health.js';
import { TranslationErrors } from './translation.js';
import { CliUsabilityErrors } from './cli-usability.js';
import { TrustErrors } from './trust.js';
import { DoctorErrors } from './doctor.js';
import { RootRotationErrors } from './root-rotation.js';
import { FleetTrustErrors } from './fleet-trust.js';
import { MulticlusterErrors } from './multicluster.js';
import { CrossClusterErrors } from './cross-cluster.js';

export type { ErrorDef } from './error-def.js';
export { MeshError, isMeshError, type MeshErrorOptions } from './mesh-error.js';
export { renderErrorsDoc } from './errors-doc.js';
export {
  CoreErrors,
  AuthErrors,
  StoreErrors,
  SecurityErrors,
  TctlErrors,
  CliUsabilityErrors,
  ClusterErrors,
  PkiErrors,
  PkiVerifierErrors,
  CniErrors,
  InstallErrors,
  TranslationErrors,
  HealthErrors,
  TsbUserErrors,
  TrustErrors,
  DoctorErrors,
  RootRotationErrors,
  FleetTrustErrors,
  MulticlusterErrors,
  CrossClusterErrors,
};

/**
 * Every catalogue, in code order. Each area owns one file and one range:
 * MB1xxx core, MB2xxx tctl, MB3xxx clusters/agent/translate, MB4xxx certificates,
 * MB5xxx CNI, MB6xxx install API.
 */
export const allErrorDefs: readonly ErrorDef[] = (
  [
    ...Object.values(CoreErrors),
    ...Object.values(AuthErrors),
    ...Object.values(StoreErrors),
    ...Object.values(SecurityErrors),
    ...Object.values(TctlErrors),
    ...Object.values(CliUsabilityErrors),
    ...Object.values(ClusterErrors),
    ...Object.values(TranslationErrors),
    ...Object.values(PkiErrors),
    ...Object.values(PkiVerifierErrors),
    ...Object.values(CniErrors),
    ...Object.values(InstallErrors),
    ...Object.values(TsbUserErrors),
    ...Object.values(HealthErrors),
    ...Object.values(TrustErrors),
    ...Object.values(DoctorErrors),
    ...Object.values(RootRotationErrors),
    ...Object.values(FleetTrustErrors),
    ...Object.values(MulticlusterErrors),
    ...Object.values(CrossClusterErrors),
  ] as ErrorDef[]
).sort((a, b) => a.code.localeCompare(b.code));
