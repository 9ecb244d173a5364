/** One entry of the error catalogue: a stable code, its HTTP status and the documented fix. */
export interface ErrorDef {
  /** Stable code `MB####`; never reused once published. */
  readonly code: string;
  /** Short name used by code (`NotFound`, `CertChainInvalid`, ...). */
  readonly name: string;
  /** HTTP status the REST edge answers with. */
  readonly status: number;
  /** One-line title shown as problem+json `title`. */
  readonly title: string;
  /** What the user should do next; rendered in docs/errors.md. */
  readonly fix: string;
}
