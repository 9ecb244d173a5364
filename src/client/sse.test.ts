import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSse, type SseEvent } from './sse.js';

async function collect(chunks: string[]): Promise<SseEvent[]> {
  async function* gen() {
    for (const c of chunks) yield c;
  }
  const out: SseEvent[] = [];
  for await (const e of parseSse(gen())) out.push(e);
  return out;
}

test('events split across chunks are reassembled and heartbeats skipped', async () => {
  const events = await collect([': hb\n\nevent: cha', 'nge\ndata: {"a":', '1}\n\n', 'data: x\r\ndata: y\r\n\r\n']);
  assert.deepEqual(events, [
    { event: 'change', data: '{"a":1}' },
    { event: 'message', data: 'x\ny' },
  ]);
});

test('an unterminated event at the end of the stream is not emitted', async () => {
  assert.deepEqual(await collect(['event: change\ndata: 1\n']), []);
});
