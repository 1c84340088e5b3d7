import type { LiveProjectState } from '@atlas-cmk/core';
import { parseKeyIdentifier } from '../key-identifier.js';
import type { HealthFinding, KeyFacts } from './drift-types.js';

/** Options of {@link healthFindings}. */
export interface HealthOptions {
  /** Now, as epoch milliseconds: the planner reads no clock, the caller passes it. */
  nowMs: number;
  /** A key version expiring within this many days is reported (default 30). */
  expiryWarningDays?: number;
  /** Key Vault's attributes of the key version in use, when they were read. */
  key?: KeyFacts;
  /** Clusters a desired file keeps paused on purpose (`paused: true`): their pause is no health problem. */
  pausedByDesign?: ReadonlySet<string>;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * The health problems of one live project, loudest first. Pure: the same facts and `nowMs` give the same
 * findings. Messages name what to check or do, and quote Atlas's own error message for a FAILED endpoint.
 */
export function healthFindings(live: LiveProjectState, options: HealthOptions): HealthFinding[] {
  const out: HealthFinding[] = [];
  const akv = live.encryptionAtRest.azureKeyVault;
  if (live.organizationInactive)
    out.push({
      code: 'organization-inactive',
      subject: null,
      message: "The project's organization is inactive: Atlas refuses every change (INACTIVE_ORG).",
    });
  if (akv?.enabled && akv.valid === false)
    out.push({
      code: 'key-invalid',
      subject: akv.keyIdentifier ?? null,
      message:
        'Atlas cannot use the key (valid: false): check that the key version is enabled and not expired, and that the identity still has get, wrapKey and unwrapKey on it.',
    });
  out.push(...keyFindings(options));
  for (const c of live.clusters.filter((x) => x.paused === true && options.pausedByDesign?.has(x.name) !== true))
    out.push({
      code: 'cluster-paused',
      subject: c.name,
      message:
        c.encryptionAtRestProvider === 'AZURE'
          ? `Cluster ${c.name} is paused: revoked key access pauses clusters; once the key is usable, reconcile resumes it.`
          : `Cluster ${c.name} is paused; reconcile resumes it (say paused: true in the file to keep it paused).`,
    });
  for (const e of live.endpoints) {
    if (e.status === 'FAILED')
      out.push({
        code: 'endpoint-failed',
        subject: e.id,
        message: `Endpoint ${e.id} in ${e.regionName} FAILED${e.errorMessage ? `: ${e.errorMessage}` : ''}.`,
      });
    if (e.status === 'PENDING_RECREATION')
      out.push({
        code: 'endpoint-pending-recreation',
        subject: e.id,
        message: `Endpoint ${e.id} in ${e.regionName} was rejected or removed in Azure (PENDING_RECREATION); Atlas creates a new one, which must be approved.`,
      });
  }
  return out;
}

function keyFindings(options: HealthOptions): HealthFinding[] {
  const key = options.key;
  if (!key) return [];
  const parsed = parseKeyIdentifier(key.keyIdentifier);
  const name = parsed ? `${parsed.keyName}/${parsed.keyVersion}` : key.keyIdentifier;
  // A disabled version can be expired too (Key Vault lists its attributes): both are reported, since enabling it
  // would not be enough.
  const disabled: HealthFinding[] = key.enabled
    ? []
    : [{ code: 'key-disabled', subject: name, message: `Key ${name} is disabled in Key Vault: Atlas cannot use it.` }];
  if (key.expires === null) return disabled;
  const expiresMs = Date.parse(key.expires);
  if (Number.isNaN(expiresMs)) return disabled;
  if (expiresMs <= options.nowMs)
    return [
      ...disabled,
      {
        code: 'key-expired',
        subject: name,
        message: `Key ${name} expired at ${key.expires}: Atlas cannot use it${key.enabled ? '' : ', and enabling it again cannot help'}; rotate to a new key version and set keyIdentifier to it.`,
      },
    ];
  const windowMs = (options.expiryWarningDays ?? 30) * DAY_MS;
  if (expiresMs - options.nowMs > windowMs) return disabled;
  const days = Math.floor((expiresMs - options.nowMs) / DAY_MS);
  return [
    ...disabled,
    {
      code: 'key-expiring',
      subject: name,
      message: `Key ${name} expires at ${key.expires} (in ${days} day${days === 1 ? '' : 's'}): rotate to a new key version before then.`,
    },
  ];
}
