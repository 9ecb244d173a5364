/** Log sink of the installer (the command prints JSON lines to stderr). */
export type InstallerLog = (level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>) => void;

/** An error as the state endpoint reports it. */
export interface ErrorSummary {
  readonly code?: string;
  readonly name?: string;
  readonly message: string;
  readonly fix?: string;
}

/**
 * The installer's chain state, served as JSON on the readiness endpoint (`GET /readyz`, `/state`) for
 * the cluster agent and for people. Field meanings are documented in docs/cni.md.
 */
export interface ChainState {
  /** Schema of this object; bump on incompatible change. */
  schema: 'meshbridge.io/cni-chain-state/v1';
  phase: 'Starting' | 'Chained' | 'WaitingForPrimary' | 'PrimaryInvalid' | 'Error' | 'Uninstalled';
  ready: boolean;
  confDir: string;
  binDir: string;
  pluginBinary: string;
  /** The config file kubelet uses now and its plugin types in order (ours last when chained). */
  primary?: { file: string; plugins: string[]; chainedAt: string };
  /** Candidate files kubelet would skip, with the reason. */
  skipped: Array<{ file: string; reason: string }>;
  /** `kubernetes`: the plugin reads pods from the API with `kubeconfig`; `cni-args`: from runtime annotations. */
  apiMode: 'kubernetes' | 'cni-args';
  kubeconfig?: string;
  /** Times we (re)wrote the primary config since start; > 1 means a provider rewrote or replaced it. */
  rewrites: number;
  lastRewriteAt?: string;
  /** True when another agent keeps reverting the file (more than 5 rewrites within 10 s). */
  fighting: boolean;
  lastError?: ErrorSummary;
  updatedAt: string;
}

/** The state before the first reconcile. */
export function initialState(confDir: string, binDir: string, pluginBinary: string): ChainState {
  return {
    schema: 'meshbridge.io/cni-chain-state/v1',
    phase: 'Starting',
    ready: false,
    confDir,
    binDir,
    pluginBinary,
    skipped: [],
    apiMode: 'cni-args',
    rewrites: 0,
    fighting: false,
    updatedAt: new Date().toISOString(),
  };
}
