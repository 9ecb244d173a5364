import type { Reader } from '../../store/index.js';
import type { IstioObject } from '../../translate/index.js';
import { bringsOwnCa, cacertsObject, readClusterCa } from '../ca/index.js';

/**
 * Each connected cluster's `cacerts` Secret (its intermediate from the mesh CA), kept beside the
 * desired state so `desired()` stays synchronous. Rotations are secret writes that do not go
 * through the feed, so the distributor re-reads connected clusters periodically (`refresh`).
 * A cluster with spec.bringYourOwnCa gets none, and a delivered one is pruned.
 */
export class CaDelivery {
  private readonly objects = new Map<string, { readonly object: IstioObject; readonly json: string }>();

  constructor(private readonly reader: Reader) {}

  /** Re-reads a cluster's CA material; true when its Secret changed (or appeared, or went). */
  async refresh(clusterFqn: string): Promise<boolean> {
    const r = await this.reader.get(clusterFqn);
    const ca = r && !bringsOwnCa(r.spec) ? await readClusterCa(this.reader, clusterFqn) : undefined;
    // The Secret has `data` instead of `spec`; the snapshot only serialises it.
    const object = ca ? (cacertsObject(ca) as unknown as IstioObject) : undefined;
    const json = object ? JSON.stringify(object) : '';
    if ((this.objects.get(clusterFqn)?.json ?? '') === json) return false;
    if (object) this.objects.set(clusterFqn, { object, json });
    else this.objects.delete(clusterFqn);
    return true;
  }

  /** The cluster's cacerts Secret, when meshbridge delivers one. */
  objectOf(clusterFqn: string): IstioObject | undefined {
    return this.objects.get(clusterFqn)?.object;
  }

  /** Drops a disconnected cluster's material from memory. */
  forget(clusterFqn: string): void {
    this.objects.delete(clusterFqn);
  }
}
