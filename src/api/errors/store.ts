import type { ErrorDef } from './error-def.js';

// MB1800–MB1899: store backends (SQLite, PostgreSQL) and migrations.
export const StoreErrors: Record<string, ErrorDef> = {};
