import type { Session } from './http.js';

export interface ChangeEvent {
  readonly revision: number;
  readonly fqn: string;
  readonly kind: string;
  readonly op: string;
}

/**
 * Follows `GET /v2/watch` (server-sent events). EventSource cannot send an Authorization header,
 * so the stream is read with fetch; it reconnects from the last revision seen, and stops when
 * the returned function is called.
 */
export function watchChanges(session: Session, onChange: (e: ChangeEvent) => void): () => void {
  const abort = new AbortController();
  let last: number | undefined;
  const loop = async (): Promise<void> => {
    while (!abort.signal.aborted) {
      try {
        const auth = await session.authorization();
        if (!auth) return;
        const res = await fetch(`/v2/watch${last === undefined ? '' : `?revision=${last}`}`, {
          headers: { authorization: auth, accept: 'text/event-stream' },
          signal: abort.signal,
        });
        if (res.status === 401) {
          if (!(await session.refresh())) return;
          continue;
        }
        if (!res.ok || !res.body) throw new Error(`watch: HTTP ${res.status}`);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const e = parseFrame(frame);
            if (e) {
              last = e.revision;
              onChange(e);
            }
          }
        }
      } catch {
        if (abort.signal.aborted) return;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  void loop();
  return () => abort.abort();
}

function parseFrame(frame: string): ChangeEvent | undefined {
  let event = 'message';
  let data = '';
  for (const line of frame.split('\n')) {
    if (line.startsWith('event:')) event = line.slice(6).trim();
    else if (line.startsWith('data:')) data += line.slice(5).trim();
  }
  if (event !== 'change' || !data) return undefined;
  try {
    const d = JSON.parse(data) as ChangeEvent;
    return d;
  } catch {
    return undefined;
  }
}
