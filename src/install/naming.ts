import { MeshError, InstallErrors } from '../api/index.js';

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Throws MB6011 naming `field` when `name` is not a DNS-1123 label. */
export function assertDnsLabel(name: string, field: string): void {
  if (name.length > 63 || !LABEL.test(name)) {
    throw new MeshError(
      InstallErrors.InstallNameInvalid,
      `${field}: "${name}" is not a valid DNS-1123 label (lower-case letters, digits and "-", at most 63 characters)`,
      { field },
    );
  }
}
