import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, register } from 'prom-client';
import { createMetrics, exposition } from './metrics.js';

test('/metrics exposition merges the default registry once per server, and two servers in one process each serve theirs', async () => {
  const name = 'meshbridge_test_exposition_total';
  const shared = (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help: 'test metric on the default registry' });
  shared.inc();
  const a = createMetrics();
  const b = createMetrics();
  a.http.observe({ method: 'GET', route: '/a', status: '200' }, 0.001);
  const ta = await exposition(a);
  const tb = await exposition(b);
  assert.equal(ta.text.match(new RegExp(`^# TYPE ${name} counter$`, 'gm'))?.length, 1);
  assert.equal(tb.text.match(new RegExp(`^# TYPE ${name} counter$`, 'gm'))?.length, 1);
  assert.match(ta.text, /meshbridge_http_request_duration_seconds_count\{method="GET",route="\/a",status="200"\} 1/);
  assert.doesNotMatch(tb.text, /route="\/a"/);
  assert.match(ta.contentType, /^text\/plain/);
  register.removeSingleMetric(name);
});
