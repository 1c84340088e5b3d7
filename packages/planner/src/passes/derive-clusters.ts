import { diffPatch } from '../json-patch.js';
import type { ResourceChange } from '../plan-types.js';
import type { ClusterIntent, ProjectInput } from './draft.js';
import type { PlannerDiagnostic } from '../planner-codes.js';

/** What the cluster derivation returns. */
export interface DerivedClusters {
  intents: ClusterIntent[];
  changes: ResourceChange[];
  diagnostics: PlannerDiagnostic[];
}

/**
 * Compares the listed clusters with the live ones. Clusters not listed are left alone, with one
 * exception that is refused rather than guessed: disabling CMK on the project while an unlisted cluster
 * still uses the key (Atlas would reject it with CANNOT_DISABLE_ENCRYPTION_AT_REST).
 * A listed cluster that does not exist is the policy rule `cmk/cluster-exists`'s finding; the planner
 * only warns and skips it.
 */
export function deriveClusters(input: ProjectInput): DerivedClusters {
  const { doc, live } = input;
  const spec = doc.project.spec;
  const out: DerivedClusters = { intents: [], changes: [], diagnostics: [] };
  spec.clusters.forEach((desired, index) => {
    const found = live.clusters.find((c) => c.name === desired.name);
    if (!found) {
      out.diagnostics.push({
        code: 'plan/cluster-not-found',
        severity: 'warning',
        message: `Cluster "${desired.name}" does not exist in project ${live.projectId}; the plan leaves it out.`,
        ...doc.locate(['spec', 'clusters', index, 'name']),
        projectId: live.projectId,
      });
      return;
    }
    const provider = found.encryptionAtRestProvider ?? 'NONE';
    // A cluster can only opt in while the project has CMK: policy reports it, the planner does not try.
    const wanted =
      desired.encryptionAtRest && spec.azureKeyVault.enabled ? 'AZURE' : desired.encryptionAtRest ? provider : 'NONE';
    const turnOn = wanted === 'AZURE' && provider !== 'AZURE';
    const turnOff = wanted === 'NONE' && provider === 'AZURE';
    const before = { name: found.name, encryptionAtRestProvider: provider };
    const after = turnOn || turnOff ? { name: found.name, encryptionAtRestProvider: wanted } : before;
    out.changes.push({
      address: `cluster.${found.name}`,
      action: turnOn || turnOff ? 'update' : 'no-op',
      before,
      after,
      patch: diffPatch(before, after),
    });
    if (turnOn) out.intents.push({ kind: 'enable', cluster: found.name });
    if (turnOff) out.intents.push({ kind: 'disable', cluster: found.name });
  });
  if (!spec.azureKeyVault.enabled && live.encryptionAtRest.azureKeyVault?.enabled === true) {
    const listed = new Set(spec.clusters.map((c) => c.name));
    for (const cluster of live.clusters.filter((c) => c.encryptionAtRestProvider === 'AZURE' && !listed.has(c.name))) {
      out.diagnostics.push({
        code: 'plan/unlisted-encrypted-cluster',
        severity: 'error',
        message:
          `Cluster "${cluster.name}" still uses the project's key, so CMK cannot be disabled. ` +
          `List it under spec.clusters with encryptionAtRest: false to turn it off in the same plan.`,
        ...doc.locate(['spec', 'clusters']),
        projectId: live.projectId,
      });
    }
  }
  return out;
}
