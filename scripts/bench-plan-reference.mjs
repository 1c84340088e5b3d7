#!/usr/bin/env node
/* global fetch */
// The reference client of the plan benchmark: the same four Atlas reads per project as `atlas-cmk plan`, with the
// same HTTP Digest credentials and at most PARALLELISM requests in flight, and nothing else (no loading, policy or
// planning). Run as a child process by bench-plan-run.mjs; it shows how close to the floor this machine gets
// right now, so a slow figure of the CLI can be told apart from a busy machine.
// Usage: node scripts/bench-plan-reference.mjs BASE_URL PARALLELISM PROJECT_ID… (credentials in the environment)
import { createHash, randomBytes } from 'node:crypto';

const [base, parallelismText, ...projects] = process.argv.slice(2);
const parallelism = Number(parallelismText);
const user = process.env.MONGODB_ATLAS_PUBLIC_API_KEY ?? '';
const password = process.env.MONGODB_ATLAS_PRIVATE_API_KEY ?? '';
const md5 = (s) => createHash('md5').update(s).digest('hex');
const page = '?pageNum=1&itemsPerPage=500&includeCount=true';
const reads = (id) => [
  [`/api/atlas/v2/groups/${id}`, '2023-01-01'],
  [`/api/atlas/v2/groups/${id}/encryptionAtRest`, '2023-01-01'],
  [`/api/atlas/v2/groups/${id}/encryptionAtRest/AZURE/privateEndpoints${page}`, '2023-01-01'],
  [`/api/atlas/v2/groups/${id}/clusters${page}`, '2024-08-05'],
];

let challenge;
let nc = 0;

function authorization(uri) {
  nc += 1;
  const ncHex = nc.toString(16).padStart(8, '0');
  const cnonce = randomBytes(8).toString('hex');
  const ha1 = md5(`${user}:${challenge.realm}:${password}`);
  const response = md5(`${ha1}:${challenge.nonce}:${ncHex}:${cnonce}:auth:${md5(`GET:${uri}`)}`);
  return `Digest username="${user}", realm="${challenge.realm}", nonce="${challenge.nonce}", uri="${uri}", qop=auth, nc=${ncHex}, cnonce="${cnonce}", response="${response}"`;
}

async function get([uri, version]) {
  const headers = { accept: `application/vnd.atlas.${version}+json` };
  if (challenge) headers.authorization = authorization(uri);
  const res = await fetch(base + uri, { headers });
  const body = await res.text();
  if (res.status === 401 && !challenge) {
    const h = res.headers.get('www-authenticate') ?? '';
    challenge = { realm: /realm="([^"]*)"/.exec(h)?.[1], nonce: /nonce="([^"]*)"/.exec(h)?.[1] };
    return get([uri, version]);
  }
  if (res.status !== 200) throw new Error(`GET ${uri}: HTTP ${res.status} ${body.slice(0, 200)}`);
  JSON.parse(body);
}

const queue = projects.flatMap(reads);
await get(queue.shift()); // the Digest challenge, once, as the CLI does it
let failed;
await Promise.all(
  Array.from({ length: parallelism }, async () => {
    for (let next = queue.shift(); next && !failed; next = queue.shift()) {
      await get(next).catch((error) => (failed = error));
    }
  }),
);
if (failed) {
  console.error(`bench-plan-reference: ${failed.message}`);
  process.exitCode = 1;
}
