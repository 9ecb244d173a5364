import type { ErrorDef } from './error-def.js';

// MB6000–MB6999: install API rendering
export const InstallErrors: Record<string, ErrorDef> = {};
