import type { ErrorDef } from './error-def.js';

// MB1500–MB1599: authentication and access control details beyond the core codes.
export const AuthErrors: Record<string, ErrorDef> = {};
