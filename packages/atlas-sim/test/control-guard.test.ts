import { request } from 'node:http';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSim } from '../src/index.js';
import { DigestClient, v } from './helpers/atlas-client.js';
import { enableBody, ids, owner, worldFixturePath } from './helpers/fixture.js';

const G = `/api/atlas/v2/groups/${ids.project}`;

/** A raw HTTP request with the headers a browser (or a rebound DNS name) would send. */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body = '',
): Promise<{ status: number; body: string }> {
  const url = new URL(path, base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: url.pathname,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('the control API', () => {
  let sim: RunningSim;
  let dir: string;
  let statePath: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'atlas-sim-guard-'));
    statePath = join(dir, 'state.json');
    sim = await startSimulator({ fixture: worldFixturePath, manualClock: true, statePath });
  });
  afterAll(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a request addressed to another host name (DNS rebinding) and a cross-origin one, and changes nothing', async () => {
    const host = new URL(sim.urls.atlas).host;
    const atlas = new DigestClient(sim.urls.atlas, owner.user, owner.password);
    const accept = v('2023-01-01');
    expect((await atlas.request('PATCH', `${G}/encryptionAtRest`, { accept, body: enableBody() })).status).toBe(200);
    const attempts: Record<string, string>[] = [
      { host: `evil.example:${new URL(sim.urls.atlas).port}` },
      { host: 'evil.example' },
      { host, origin: 'https://evil.example', 'content-type': 'text/plain' },
      { host, origin: 'null', 'content-type': 'text/plain' },
      { host, 'sec-fetch-site': 'cross-site', 'content-type': 'text/plain' },
    ];
    for (const headers of attempts) {
      const reset = await raw(sim.urls.atlas, 'POST', '/__sim/reset', headers, '{}');
      expect(reset.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(reset.body)).toMatchObject({ error: 'FORBIDDEN' });
      const state = await raw(sim.urls.atlas, 'GET', '/__sim/state', headers);
      expect(state.status, JSON.stringify(headers)).toBe(403);
    }
    const ear = await atlas.request('GET', `${G}/encryptionAtRest`, { accept });
    expect(ear.body.azureKeyVault).toMatchObject({ enabled: true });
  });

  it('answers loopback names and same-origin requests', async () => {
    const port = new URL(sim.urls.atlas).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, '127.0.0.1']) {
      expect((await raw(sim.urls.atlas, 'GET', '/__sim/clock', { host })).status, host).toBe(200);
    }
    const host = `127.0.0.1:${port}`;
    const same = await raw(sim.urls.atlas, 'GET', '/__sim/clock', {
      host,
      origin: `http://${host}`,
      'sec-fetch-site': 'same-origin',
    });
    expect(same.status).toBe(200);
  });

  it('writes its state file readable by its owner only', async () => {
    await raw(sim.urls.atlas, 'POST', '/__sim/clock/advance', { host: new URL(sim.urls.atlas).host }, '{"seconds":1}');
    await sim.close();
    expect((await stat(statePath)).mode & 0o777).toBe(0o600);
    sim = await startSimulator({ fixture: worldFixturePath, manualClock: true, statePath });
  });
});
