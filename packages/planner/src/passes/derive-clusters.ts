import { diffPatch } from '../json-patch.js';
import type { ResourceChange } from '../plan-types.js';
import type { ClusterIntent, KeyUsability, ProjectInput } from './draft.js';
import type { PlannerDiagnostic } from '../planner-codes.js';

/** What the cluster derivation returns. */
export interface DerivedClusters {
  intents: ClusterIntent[];
  changes: ResourceChange[];
  diagnostics: PlannerDiagnostic[];
  warnings: string[];
}

/**
 * Compares the listed clusters with the live ones. Clusters not listed are left alone, with one
 * exception that is refused rather than guessed: disabling CMK on the project while an unlisted cluster
 * still uses the key (Atlas would reject it with CANNOT_DISABLE_ENCRYPTION_AT_REST).
 * A listed cluster that does not exist is the policy rule `cmk/cluster-exists`'s finding; the planner
 * only warns and skips it.
 */
export function deriveClusters(input: ProjectInput, key: KeyUsability = 'unknown'): DerivedClusters {
  const { doc, live } = input;
  const spec = doc.project.spec;
  const out: DerivedClusters = { intents: [], changes: [], diagnostics: [], warnings: [] };
  // Atlas pauses the clusters of a project whose key it cannot use, and pauses a resumed one again: a resume
  // waits until the key is usable (or the plan makes it so first).
  const keyUnusable =
    key === 'unusable' ||
    (key === 'unknown' &&
      live.encryptionAtRest.azureKeyVault?.enabled === true &&
      live.encryptionAtRest.azureKeyVault.valid === false);
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
    // Atlas changes nothing else on a paused cluster; one the file keeps paused keeps its provider until resumed.
    const frozen = found.paused === true && desired.paused === true;
    const turnOn = wanted === 'AZURE' && provider !== 'AZURE' && !frozen;
    const turnOff = wanted === 'NONE' && provider === 'AZURE' && !frozen;
    if (frozen && wanted !== provider)
      out.warnings.push(
        `Cluster ${found.name} is paused and its file says paused: true: Atlas changes nothing else on a paused cluster, so its encryptionAtRest change waits until it runs.`,
      );
    const livePaused = found.paused === true;
    const wantPaused = desired.paused === true;
    const resume = livePaused && !wantPaused && !(keyUnusable && provider === 'AZURE');
    const pause = wantPaused && !livePaused;
    if (livePaused && !wantPaused && !resume)
      out.warnings.push(
        `Cluster ${found.name} stays paused: Atlas cannot use the key, and would pause it again. Make the key usable, then plan again.`,
      );
    // `paused` is shown only when the file states it or the cluster is paused, so other plans read as before.
    const showPaused = desired.paused !== undefined || livePaused;
    const pausedAfter = resume ? false : pause ? true : livePaused;
    const before = {
      name: found.name,
      encryptionAtRestProvider: provider,
      ...(showPaused ? { paused: livePaused } : {}),
    };
    const after = {
      name: found.name,
      encryptionAtRestProvider: turnOn || turnOff ? wanted : provider,
      ...(showPaused ? { paused: pausedAfter } : {}),
    };
    const changes = turnOn || turnOff || resume || pause;
    out.changes.push({
      address: `cluster.${found.name}`,
      action: changes ? 'update' : 'no-op',
      before,
      after: changes ? after : before,
      patch: diffPatch(before, changes ? after : before),
    });
    if (resume) out.intents.push({ kind: 'resume', cluster: found.name });
    if (turnOn) out.intents.push({ kind: 'enable', cluster: found.name });
    if (turnOff) out.intents.push({ kind: 'disable', cluster: found.name });
    if (pause) out.intents.push({ kind: 'pause', cluster: found.name });
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
