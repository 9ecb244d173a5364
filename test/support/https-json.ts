import { request as httpsRequest, type Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';

/** What a test sees of one HTTPS exchange: status, headers, the body as text and parsed JSON. */
export interface JsonResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The parsed body, or {} when it is not JSON (look at `text`). */
  readonly json: Record<string, unknown>;
}

/** One HTTPS request through `agent` (which carries the CA), with a 30 s bound. */
export function httpsJson(agent: Agent, url: string, method: string, headers: Record<string, string>, payload?: string): Promise<JsonResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers, agent, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // not JSON: callers look at text
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}
