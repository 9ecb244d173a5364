// Reads server-sent events from /v2/watch until a condition holds.
import { request } from 'node:https';

export interface SseEvent {
  readonly event: string;
  readonly data: Record<string, unknown>;
}

/** Opens a watch stream; `next(pred)` resolves with the events received until one matches. */
export function openWatch(
  url: string,
  ca: string,
  authorization: string,
): { comments: () => string[]; until(pred: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent[]>; ended(): Promise<void>; close(): void } {
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters: (() => void)[] = [];
  let markEnded = (): void => {};
  const endedP = new Promise<void>((r) => (markEnded = r));
  let buf = '';
  const req = request(url, { headers: { authorization, accept: 'text/event-stream' }, ca }, (res) => {
    res.setEncoding('utf8');
    res.on('end', () => markEnded());
    res.on('close', () => markEnded());
    res.on('data', (chunk: string) => {
      buf += chunk;
      let i: number;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        let event = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) comments.push(line.slice(1).trim());
          else if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
        for (const w of waiters.splice(0)) w();
      }
    });
  });
  req.on('error', () => markEnded());
  req.end();
  return {
    comments: () => comments,
    async until(pred, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (!events.some(pred)) {
        if (Date.now() > deadline) throw new Error(`watch: condition not met; got ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 200);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      return [...events];
    },
    ended: () => endedP,
    close: () => req.destroy(),
  };
}
