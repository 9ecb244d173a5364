/**
 * Node prints runtime warnings ("(node:123) [DEP0123] DeprecationWarning: …") straight to stderr.
 * They are about our dependencies, not about what the user did — e.g. @grpc/grpc-js always sets
 * the TLS ServerName to the management plane host, an IP address for `--management-plane
 * 10.0.0.5:9443` — so no such warning reaches a user: a command with a logger gets them in its
 * structured log (deprecations at debug, others at warn), and until then only non-deprecation
 * warnings are printed, as one plain `Warning:` line.
 */
export interface WarningLog {
  debug(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

type ProcessWarning = Error & { code?: string };
let sink: (w: ProcessWarning) => void = (w) => {
  if (w.name !== 'DeprecationWarning') process.stderr.write(`Warning: ${w.message}\n`);
};

/** Replaces Node's own printer of process warnings (call once, first thing in an entry point). */
export function interceptProcessWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (w: ProcessWarning) => sink(w));
}

/** Sends process warnings to `log` from now on. */
export function logProcessWarnings(log: WarningLog): void {
  sink = (w) => {
    const fields = { warning: w.name, ...(w.code ? { code: w.code } : {}) };
    if (w.name === 'DeprecationWarning') log.debug(fields, w.message);
    else log.warn(fields, w.message);
  };
}
