import type { ErrorDef } from './error-def.js';

// MB5000–MB5999: CNI plugin and installer
export const CniErrors: Record<string, ErrorDef> = {};
