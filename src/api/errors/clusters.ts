import type { ErrorDef } from './error-def.js';

// MB3000–MB3999: clusters, agent stream, translation
export const ClusterErrors: Record<string, ErrorDef> = {};
