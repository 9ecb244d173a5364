/**
 * Status events of cross-cluster routing (issue #17): which target clusters a resource's traffic
 * leaves out and why. Pure function of the configuration and the mesh view, so the status follows
 * the mesh (a gateway that comes back clears its event) exactly as the translation does.
 */
import type { ClusterInfo, ConfigResource } from '../model.js';
import type { ConfigIndex } from '../scope.js';
import { groupSelects } from '../scope.js';
import type { TranslationNote } from '../notes.js';
import { list, obj, str } from '../values.js';
import { planTier1 } from './tier1.js';
import { lostHostnames } from './ingress.js';
import { planEastWest } from './eastwest.js';
import { stricterNotes } from '../stricter-authz.js';

function note(field: string, code: string, reason: string): TranslationNote {
  return { field, code, reason, failClosed: false };
}

/** The leaf of `fqn` (resource with its group), if it is a BRIDGED gateway resource. */
function leafOf(index: ConfigIndex, fqn: string): ConfigIndex['leaves'][number] | undefined {
  return index.leaves.find((l) => l.resource.fqn === fqn && l.group.type === 'gateway' && l.group.mode === 'BRIDGED');
}

/** Cross-cluster events of one resource, deduplicated, in a stable order. */
export function crossClusterNotes(res: Pick<ConfigResource, 'fqn' | 'kind'>, index: ConfigIndex, mesh: readonly ClusterInfo[]): TranslationNote[] {
  const out = new Map<string, TranslationNote>();
  const add = (n: TranslationNote): void => {
    out.set(`${n.field}\0${n.code}\0${n.reason}`, n);
  };
  // STRICTER authorization across modes (issue #18 review): not a cross-cluster matter, but the same status path.
  for (const n of stricterNotes(res, index.leaves)) add(n);
  if (res.kind === 'Tier1Gateway' || res.kind === 'IngressGateway') {
    const leaf = leafOf(index, res.fqn);
    if (!leaf) return [];
    const ns = str(obj(leaf.resource.spec.workloadSelector).namespace);
    for (const c of mesh) {
      if (!ns || !groupSelects(leaf.group, c, ns)) continue;
      if (res.kind === 'Tier1Gateway') {
        for (const plan of planTier1(leaf.resource, c, index, mesh)) {
          const named = list(plan.spec.clusters);
          for (const p of plan.problems) {
            const j = named.findIndex((x) => str(x.name) === p.cluster);
            // A network the reachability rules exclude is only news when the cluster was named.
            if (j < 0 && p.code === 'MB3751') continue;
            add(note(j >= 0 ? `${plan.path}.clusters[${j}].name` : `${plan.path}.hostname`, p.code, p.reason));
          }
        }
      } else {
        for (const lost of lostHostnames(leaf.resource, leaf.group, c, index)) {
          for (const field of ['http', 'tcp', 'tlsPassthrough']) {
            list(leaf.resource.spec[field]).forEach((s, i) => {
              if (str(s.hostname) === lost.hostname)
                add(
                  note(
                    `spec.${field}[${i}].hostname`,
                    'MB3752',
                    `${lost.hostname} is exposed in ${c.name} by ${lost.winner} (another workspace); not served there`,
                  ),
                );
            });
          }
        }
      }
    }
  }
  if (res.kind === 'WorkspaceSetting') {
    for (const c of mesh) {
      for (const p of planEastWest(index, c, mesh).problems) {
        // Networks the reachability rules exclude are the rules working, not an event.
        if (p.setting === res.fqn && p.code !== 'MB3751')
          add(note('spec.defaultEastWestGatewaySettings', p.code, `${p.service} not reachable from ${c.name}: ${p.reason}`));
      }
    }
  }
  return [...out.values()];
}
