import type { ErrorDef } from './error-def.js';

// MB2000–MB2999: tctl (config, profiles, connection diagnosis)
export const TctlErrors: Record<string, ErrorDef> = {};
