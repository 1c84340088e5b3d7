#!/usr/bin/env node
/* global fetch */
// Measures the simulator under concurrent Digest-authenticated clients on loopback (run after `pnpm build`).
// Usage: node packages/atlas-sim/scripts/bench-sim.mjs [clients=200] [requestsPerClient=20]
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const dist = new URL('../dist/index.js', import.meta.url);
if (!existsSync(dist)) {
  console.error('bench-sim: dist/index.js is missing; run `pnpm --filter @atlas-cmk/atlas-sim build` first.');
  process.exit(2);
}
const { loadFixtureFile } = await import(dist.href);
const clients = Number(process.argv[2] ?? 200);
const perClient = Number(process.argv[3] ?? 20);
const fixture = new URL('../../../examples/sim-fixture.yaml', import.meta.url).pathname;
// The EAR bucket (2000 per project) would answer 429 to most of a large run: lift it, this measures the server.
// The simulator runs in its own process (main.js), so client and server do not share an event loop.
const world = await loadFixtureFile(fixture);
const bucket = { capacity: 1_000_000, refill: 1_000_000, periodSeconds: 60 };
const dir = mkdtempSync(join(tmpdir(), 'atlas-sim-bench-'));
const fixtureFile = join(dir, 'fixture.json');
writeFileSync(fixtureFile, JSON.stringify({ ...world, rateLimits: { encryptionAtRest: bucket } }));
const child = spawn(
  process.execPath,
  [new URL('../dist/main.js', import.meta.url).pathname, '--fixture', fixtureFile, '--json'],
  {
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const sim = await new Promise((resolve) => {
  let out = '';
  child.stdout.on('data', (chunk) => {
    out += chunk;
    if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
  });
});
const path = '/api/atlas/v2/groups/66c9e8f1dd6c9960802420e9/encryptionAtRest';
const md5 = (s) => createHash('md5').update(s).digest('hex');
const user = 'simpubkey';
const password = '6f1c1e2a-0b7d-4c55-9d2e-sim-private-key';

async function client() {
  const latencies = [];
  let challenge;
  let nc = 0;
  let errors = 0;
  for (let i = 0; i < perClient; i++) {
    const started = performance.now();
    for (;;) {
      const headers = { Accept: 'application/vnd.atlas.2023-01-01+json' };
      if (challenge) {
        nc += 1;
        const ncHex = nc.toString(16).padStart(8, '0');
        const cnonce = randomBytes(8).toString('hex');
        const response = md5(
          `${md5(`${user}:${challenge.realm}:${password}`)}:${challenge.nonce}:${ncHex}:${cnonce}:auth:${md5(`GET:${path}`)}`,
        );
        headers.Authorization = `Digest username="${user}", realm="${challenge.realm}", nonce="${challenge.nonce}", uri="${path}", qop=auth, nc=${ncHex}, cnonce="${cnonce}", response="${response}"`;
      }
      const res = await fetch(sim.urls.atlas + path, { headers });
      await res.arrayBuffer();
      if (res.status === 401 && !challenge) {
        const h = res.headers.get('www-authenticate') ?? '';
        challenge = { realm: /realm="([^"]*)"/.exec(h)?.[1], nonce: /nonce="([^"]*)"/.exec(h)?.[1] };
        continue;
      }
      if (res.status !== 200) errors += 1;
      break;
    }
    latencies.push(performance.now() - started);
  }
  return { latencies, errors };
}

const t0 = performance.now();
const results = await Promise.all(Array.from({ length: clients }, client));
const elapsed = performance.now() - t0;
child.kill('SIGTERM');
rmSync(dir, { recursive: true, force: true });
const all = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
const pct = (p) => all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))].toFixed(1);
const errors = results.reduce((n, r) => n + r.errors, 0);
console.log(
  `clients ${clients} x ${perClient} requests: ${all.length} in ${(elapsed / 1000).toFixed(2)} s = ${Math.round(all.length / (elapsed / 1000))} req/s`,
);
console.log(`latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms; non-200 answers: ${errors}`);
process.exitCode = errors === 0 ? 0 : 1;
