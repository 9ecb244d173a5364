// TEST CODE: an emulation of the Kubernetes API server's pods/portforward subresource over
// WebSocket (no API server can run here), as @kubernetes/client-node's PortForward speaks it:
// GET /api/v1/namespaces/{ns}/pods/{pod}/portforward?ports=P upgraded with a channel.k8s.io
// subprotocol; per forwarded port a data channel (0) and an error channel (1), each opened by the
// server with one frame [channel, port as uint16 little-endian]; then frames [channel, ...bytes]
// both ways. The emulation dials the pod's address (a loopback emulation) for each connection.
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A pod the emulated API server knows: its IP (a loopback address here). */
export interface EmulatedPod {
  namespace: string;
  name: string;
  ip: string;
}

/** A running emulation. */
export interface KubePortForwardEmulation {
  /** `http://127.0.0.1:PORT`, the kubeconfig's cluster server. */
  readonly server: string;
  readonly token: string;
  /** Upgrade requests seen, as paths. */
  readonly requests: string[];
  /** Port mapping: a pod port → the port its emulation really listens on (ephemeral ports in tests). */
  readonly portMap: Map<string, number>;
  close(): Promise<void>;
}

/** Starts the emulation; `portMap` keys are `ns/pod/port`. */
export async function startKubePortForwardEmulation(pods: EmulatedPod[], token = 'emulation-token'): Promise<KubePortForwardEmulation> {
  const requests: string[] = [];
  const portMap = new Map<string, number>();
  const http: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'NotFound', code: 404 }));
  });
  const wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('v4.channel.k8s.io') ? 'v4.channel.k8s.io' : false) });
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://api');
    requests.push(`${url.pathname}${url.search}`);
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/portforward$/.exec(url.pathname);
    const deny = (code: number, reason: string): void => {
      socket.end(
        `HTTP/1.1 ${code} ${reason}\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n${JSON.stringify({ kind: 'Status', code, reason })}`,
      );
    };
    if (req.headers.authorization !== `Bearer ${token}`) return deny(401, 'Unauthorized');
    const pod = m && pods.find((p) => p.namespace === m[1] && p.name === m[2]);
    if (!pod) return deny(404, 'Not Found');
    const port = Number(url.searchParams.get('ports'));
    if (!Number.isInteger(port) || port <= 0 || port > 65535) return deny(400, 'Bad Request');
    wss.handleUpgrade(req, socket, head, (ws) => bridge(ws, pod, port, portMap.get(`${pod.namespace}/${pod.name}/${port}`) ?? port));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  return {
    server: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    token,
    requests,
    portMap,
    close: async () => {
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise((r) => {
        http.close(r);
        http.closeAllConnections();
      });
    },
  };
}

function bridge(ws: WebSocket, pod: EmulatedPod, podPort: number, realPort: number): void {
  const header = (channel: number): Buffer => Buffer.from([channel, podPort & 0xff, podPort >> 8]);
  ws.send(header(0));
  ws.send(header(1));
  const target = connect({ host: pod.ip, port: realPort });
  const pending: Buffer[] = [];
  let connected = false;
  target.on('connect', () => {
    connected = true;
    for (const b of pending) target.write(b);
    pending.length = 0;
  });
  target.on('data', (d: Buffer) => ws.send(Buffer.concat([Buffer.from([0]), d])));
  target.on('error', (e) => {
    // As the kubelet does: the error channel carries the reason, then the stream ends.
    ws.send(Buffer.concat([Buffer.from([1]), Buffer.from(`error forwarding port ${podPort} to pod ${pod.name}: ${e.message}`)]));
    ws.close();
  });
  target.on('close', () => ws.close());
  ws.on('message', (data: Buffer) => {
    if (data.length < 1 || data[0] !== 0) return;
    const payload = data.subarray(1);
    if (connected) target.write(payload);
    else pending.push(payload);
  });
  ws.on('close', () => target.destroy());
}
