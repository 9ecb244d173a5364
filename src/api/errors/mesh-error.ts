import type { ErrorDef } from './error-def.js';

/** Optional context attached to an error: the field at fault and any structured details. */
export interface MeshErrorOptions {
  /** JSON-pointer-like path of the offending input field, e.g. `spec.namespaceSelector.names[0]`. */
  field?: string;
  /** The concrete next step for this occurrence; defaults to the catalogue's fix. */
  fix?: string;
  /** Extra machine-readable details (problem+json extension members). */
  details?: Record<string, unknown>;
  cause?: unknown;
}

/** The one typed error of meshbridge: every user-visible failure carries a catalogue entry. */
export class MeshError extends Error {
  readonly def: ErrorDef;
  readonly field?: string;
  readonly fix: string;
  readonly details?: Record<string, unknown>;

  constructor(def: ErrorDef, message: string, opts: MeshErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = def.name;
    this.def = def;
    this.field = opts.field;
    this.fix = opts.fix ?? def.fix;
    this.details = opts.details;
  }

  get code(): string {
    return this.def.code;
  }

  get status(): number {
    return this.def.status;
  }

  /** problem+json body (RFC 9457) for the HTTP edge. */
  toProblem(instance?: string): Record<string, unknown> {
    return {
      type: `https://meshbridge.dev/errors/${this.def.code}`,
      title: this.def.title,
      status: this.def.status,
      code: this.def.code,
      detail: this.message,
      ...(this.field === undefined ? {} : { field: this.field }),
      fix: this.fix,
      ...(instance === undefined ? {} : { instance }),
      ...(this.details ?? {}),
    };
  }
}

/** True when `e` is a MeshError carrying `def`. */
export function isMeshError(e: unknown, def?: ErrorDef): e is MeshError {
  return e instanceof MeshError && (def === undefined || e.def.code === def.code);
}
