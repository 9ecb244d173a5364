// The REST shape of the mesh root rotation (issue #16), defined once: the server builds it
// (src/server/ca/root-rotation-operations.ts), tctl x ca rotate-root reads it. Public facts only.

/** A certificate's identity (never its key). */
export interface RotationCertSummary {
  readonly serial: string;
  readonly subject: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly sha256: string;
}

/** One cluster's progress through the current step. */
export interface RotationClusterProgress {
  readonly cluster: string;
  /** False for a cluster that brings its own CA: never written by meshbridge (gated on what it reports). */
  readonly managed: boolean;
  readonly connected: boolean;
  /** The cluster and all its workloads hold the current step's material (for one that brings its own CA: roots it trusts and chains to). */
  readonly done: boolean;
  readonly workloads: { readonly total: number; readonly done: number };
  /** What it lacks, in words (empty when done). */
  readonly lacking: readonly string[];
}

/** GET /v2/organizations/{org}/ca/root-rotation[/plan] and the answer of every POST …/start|advance|abort. */
export interface RootRotationView {
  readonly organization: string;
  readonly phase: 'idle' | 'bundle' | 'intermediates' | 'cleanup' | 'rollback';
  /** 0 when idle, 1–3 during a rotation (a rollback undoes step 2). */
  readonly step: number;
  readonly description: string;
  readonly meshRoot: RotationCertSummary;
  readonly oldRoot?: RotationCertSummary;
  readonly newRoot?: RotationCertSummary;
  readonly history?: readonly { readonly to: string; readonly at: string; readonly by: string }[];
  /** Holds when every managed cluster reached the step; `holding` names the others with what they lack. */
  readonly gate: { readonly holds: boolean; readonly holding: readonly string[] };
  /** What --advance and --abort would do from here. */
  readonly next: { readonly advance?: string; readonly abort?: string };
  readonly notManaged?: { readonly clusters: readonly string[]; readonly note: string };
  readonly clusters: readonly RotationClusterProgress[];
  readonly last?: {
    readonly id: string;
    readonly outcome: 'completed' | 'aborted';
    readonly oldRootSha256: string;
    readonly newRootSha256: string;
    readonly history: readonly { readonly to: string; readonly at: string; readonly by: string }[];
  };
}
