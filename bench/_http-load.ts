// Load generator for bench/server.bench.ts, run in its own process: keeps `concurrency`
// keep-alive connections busy with GET `url` for `seconds` (bounded by MAX_REQUESTS) and prints
// {"requests","errors","rps"} as JSON on stdout. An optional fifth argument names a CA file for
// https URLs.
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

const [url, secondsText, concurrencyText, headersJson, caFile] = process.argv.slice(2);
const seconds = Number(secondsText);
const concurrency = Number(concurrencyText);
const headers = JSON.parse(headersJson ?? '{}') as Record<string, string>;
const MAX_REQUESTS = 2_000_000;
const tls = url.startsWith('https:');
const agent = tls
  ? new HttpsAgent({ keepAlive: true, maxSockets: concurrency, ca: readFileSync(caFile, 'utf8') })
  : new Agent({ keepAlive: true, maxSockets: concurrency });
const send = tls ? httpsRequest : request;

let requests = 0;
let errors = 0;

function once(): Promise<void> {
  return new Promise((resolve) => {
    const req = send(url, { agent, headers }, (res) => {
      if (res.statusCode !== 200) errors++;
      res.on('data', () => {});
      res.on('end', () => resolve());
    });
    req.on('error', () => {
      errors++;
      resolve();
    });
    req.end();
  });
}

const end = performance.now() + seconds * 1000;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < end && requests < MAX_REQUESTS) {
      requests++;
      await once();
    }
  }),
);
const elapsed = (performance.now() - t0) / 1000;
agent.destroy();
process.stdout.write(JSON.stringify({ requests, errors, rps: requests / elapsed }) + '\n');
