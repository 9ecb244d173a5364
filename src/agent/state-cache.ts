import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sweepTempFiles, writeFileAtomic } from './atomic-file.js';
import type { SinkObject } from './sinks/sink.js';

/** What the agent last applied and acknowledged. */
export interface AgentState {
  version: string;
  objects: Map<string, SinkObject>;
}

/**
 * The last applied snapshot on disk, so a restarted agent tells the server what it holds (and
 * gets only the difference) and keeps serving it while the management plane is away.
 */
export class StateCache {
  constructor(readonly file: string) {}

  async load(): Promise<AgentState> {
    // A crash mid-save leaves `snapshot.json.tmp-<pid>` behind: drop it, the real file is intact.
    await sweepTempFiles(dirname(this.file), { recursive: false });
    const raw = await readFile(this.file, 'utf8').catch(() => undefined);
    if (!raw) return { version: '', objects: new Map() };
    try {
      const data = JSON.parse(raw) as { version: string; objects: SinkObject[] };
      return { version: data.version, objects: new Map(data.objects.map((o) => [o.key, o])) };
    } catch {
      // A torn or foreign file: start empty, the server resends everything.
      return { version: '', objects: new Map() };
    }
  }

  /** Atomically replaces the cache. */
  async save(state: AgentState): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    const objects = [...state.objects.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
    // fsynced before the ACK: after power loss the cache never claims more than the disk holds.
    // Owner-only: the snapshot may hold the cacerts Secret with the intermediate's private key.
    await writeFileAtomic(this.file, JSON.stringify({ version: state.version, objects }), 0o600);
  }
}
