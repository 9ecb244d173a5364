import type { Inventory } from '../../gen/agent-types.js';

/** A source of the cluster's namespaces and services. */
export interface InventorySource {
  /** The current inventory. */
  read(): Promise<Inventory>;
  /** Calls `fn` when the inventory may have changed; returns a stop function. */
  watch(fn: () => void): () => void;
}
