// Port-forwards a pod's ports through the Kubernetes API as `kubectl port-forward` does, with the
// official client's PortForward: a loopback listener per pod port, each accepted connection one
// portforward stream. Used by tctl (x health, x certs) and the agent's Kubernetes inventory.
import { createServer, type Server, type Socket } from 'node:net';
import type { Readable, Writable } from 'node:stream';

/** The part of @kubernetes/client-node's PortForward this uses (its documented signature). */
export interface PortForwarder {
  portForward(namespace: string, podName: string, targetPorts: number[], output: Writable, err: Writable | null, input: Readable): Promise<unknown>;
}

/** A loopback port that reaches one pod port. */
export interface LocalForward {
  readonly port: number;
  /** The last error the API server or kubelet gave, if any. */
  lastError(): string | undefined;
  close(): Promise<void>;
}

/** Opens a loopback listener forwarding to `podPort` of the pod. */
export async function forwardPort(forwarder: PortForwarder, namespace: string, pod: string, podPort: number): Promise<LocalForward> {
  const sockets = new Set<Socket>();
  let last: string | undefined;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    const errs: Buffer[] = [];
    const errSink = {
      write: (b: Buffer) => {
        errs.push(b);
        last = Buffer.concat(errs).toString('utf8');
        return true;
      },
    } as unknown as Writable;
    forwarder.portForward(namespace, pod, [podPort], socket, errSink, socket).then(
      (ws) => {
        // The socket ends when the pod side closes the stream.
        const w = ws as { on?: (ev: string, fn: () => void) => void } | undefined;
        w?.on?.('close', () => socket.end());
      },
      (e: unknown) => {
        last = e instanceof Error ? e.message || describe(e) : describe(e);
        socket.destroy();
      },
    );
  });
  await new Promise<void>((res, rej) => server.once('error', rej).listen(0, '127.0.0.1', () => res()));
  return {
    port: (server.address() as { port: number }).port,
    lastError: () => last,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

function describe(e: unknown): string {
  const ev = e as { message?: string; error?: { message?: string }; type?: string };
  return ev?.error?.message ?? ev?.message ?? String(e);
}
