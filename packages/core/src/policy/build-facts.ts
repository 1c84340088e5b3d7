import type { LoadedDocument } from '../document.js';
import type { LiveProjectState } from '../live.js';
import type { SecretSource } from '../model.js';
import type { DerivedFacts, DesiredFacts, PolicyFacts, SecretFact } from './facts.js';
import { buildPlanFacts } from './build-plan-facts.js';
import { cloneData } from './clone-data.js';
import { KEY_VAULT_DNS_SUFFIX, parseKeyIdentifier } from './key-identifier.js';
import { buildCrossFacts, buildLiveFacts } from './live-facts.js';
import type { ComputedPlan } from './plan-facts.js';

/**
 * Build the facts document of one project: the desired spec (secret reduced to its kind), values derived
 * from it, when `live` is given, the live facts and the desired-versus-live comparisons, and when `plan` is
 * given, the facts of the project's computed plan. Pure: the same inputs give the same document, and the
 * inputs are not modified.
 */
export function buildFacts(doc: LoadedDocument, live?: LiveProjectState, plan?: ComputedPlan): PolicyFacts {
  const spec = doc.project.spec;
  const desired = desiredFacts(doc);
  const facts: PolicyFacts = {
    projectId: spec.projectId,
    metadata: cloneData(doc.project.metadata),
    desired,
    derived: derivedFacts(desired, spec.azureKeyVault.secret, doc.project.metadata.labels),
  };
  if (live !== undefined) {
    const liveFacts = buildLiveFacts(live);
    facts.live = liveFacts;
    facts.cross = buildCrossFacts(desired, liveFacts);
  }
  if (plan !== undefined) facts.plan = buildPlanFacts(doc, plan);
  return facts;
}

function desiredFacts(doc: LoadedDocument): DesiredFacts {
  const { waivers: _waivers, azureKeyVault, ...rest } = doc.project.spec;
  const { secret, ...vault } = azureKeyVault;
  const copy = cloneData({ ...rest, azureKeyVault: vault }) as DesiredFacts;
  if (secret !== undefined) copy.azureKeyVault.secret = secretFact(secret);
  return copy;
}

/** Only the kind and the reference's name survive: the facts can never hold a secret value. */
function secretFact(secret: SecretSource): SecretFact {
  switch (secret.kind) {
    case 'env':
      return { kind: 'env', name: secret.name };
    case 'file':
      return { kind: 'file', path: secret.path };
    case 'literal':
      return { kind: 'literal' };
    default: {
      const never: never = secret;
      throw new Error(`unknown secret kind ${String((never as { kind: unknown }).kind)}`);
    }
  }
}

/** Values of the `environment` label (or `env`) that mark a production project. */
const PRODUCTION = new Set(['production', 'prod']);

function derivedFacts(
  desired: DesiredFacts,
  secret: SecretSource | undefined,
  labels: Readonly<Record<string, string>> | undefined,
): DerivedFacts {
  const environment = (labels?.environment ?? labels?.env)?.trim().toLowerCase() ?? null;
  const vault = desired.azureKeyVault;
  const regions = desired.privateEndpoints.regions;
  return {
    keyIdentifier: vault.keyIdentifier === undefined ? null : parseKeyIdentifier(vault.keyIdentifier),
    expectedDnsSuffix: KEY_VAULT_DNS_SUFFIX[vault.azureEnvironment],
    keyVaultName: vault.keyVaultName === undefined ? null : vault.keyVaultName.toLowerCase(),
    secretKind: secret === undefined ? null : secret.kind,
    secretIsReference: secret === undefined ? null : secret.kind !== 'literal',
    usesRoleId: vault.roleId !== undefined,
    desiredRegions: [...regions],
    hasRegions: regions.length > 0,
    clusterNames: desired.clusters.map((c) => c.name),
    optedInClusters: desired.clusters.flatMap((c, index) => (c.encryptionAtRest ? [{ name: c.name, index }] : [])),
    environment,
    production: environment !== null && PRODUCTION.has(environment),
  };
}
