// Issue #13: the CNI chain state of the nodes this agent can inspect, sent to the management plane
// when it changes (whole: it is a few lines per node). The inspection itself is injected by the
// binary (src/cni reads the directories; the agent does not import it).
import type { CniNodeReport, CniReport } from '../gen/agent-types.js';

/** Inspects every configured node's CNI configuration directory. */
export type CniInspector = () => Promise<CniNodeReport[]>;

/** Remembers what was sent last, so an unchanged chain is not sent again. */
export class CniReporter {
  private last = '';

  constructor(private readonly inspect: CniInspector) {}

  /** The report when it differs from the last one returned (or when `force`, for a new stream). */
  async next(force: boolean): Promise<CniReport | undefined> {
    const nodes = await this.inspect();
    const key = JSON.stringify(nodes.map((n) => ({ ...n, inspectedAtMs: 0 })));
    if (!force && key === this.last) return undefined;
    this.last = key;
    return { nodes };
  }
}
