import type { ErrorDef } from './error-def.js';

// MB4000–MB4999: certificates (verify, extract, rootca-compare, CA issuance)
export const PkiErrors: Record<string, ErrorDef> = {};
