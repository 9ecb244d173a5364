import type { Inventory } from '../../gen/agent-types.js';

/** A pod with an Istio sidecar, as the health prober needs it (issue #13). */
export interface InventoryPod {
  readonly namespace: string;
  readonly name: string;
  readonly ip: string;
}

/** A source of the cluster's namespaces and services. */
export interface InventorySource {
  /** The current inventory. */
  read(): Promise<Inventory>;
  /** Pods with a sidecar, for the health prober; sources without pods omit it. */
  pods?(): Promise<InventoryPod[]>;
  /** Calls `fn` when the inventory may have changed; returns a stop function. */
  watch(fn: () => void): () => void;
}
