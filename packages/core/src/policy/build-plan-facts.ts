import type { LoadedDocument } from '../document.js';
import {
  DEFAULT_MAX_DESTRUCTIVE_STEPS,
  MAX_DESTRUCTIVE_STEPS_LABEL,
  type ComputedPlan,
  type PlanChangeFact,
  type PlanFacts,
  type PlanStepFact,
} from './plan-facts.js';

/**
 * The plan facts of one project (see {@link PlanFacts}) from its computed plan and its document. Pure: the
 * inputs are not modified. Each change and step carries the place of the desired document it comes from
 * (`locate`), so a rule can point its finding at the region, cluster or vault settings concerned.
 */
export function buildPlanFacts(doc: LoadedDocument, plan: ComputedPlan): PlanFacts {
  const spec = doc.project.spec;
  const regionPath = (region: string): string => {
    const i = spec.privateEndpoints.regions.indexOf(region);
    return i < 0 ? 'spec.privateEndpoints' : `spec.privateEndpoints.regions.${i}`;
  };
  const clusterPath = (name: string): string => {
    const i = spec.clusters.findIndex((c) => c.name === name);
    return i < 0 ? 'spec.clusters' : `spec.clusters.${i}.name`;
  };
  const changes: PlanChangeFact[] = plan.resourceChanges
    .filter((c) => c.action !== 'no-op')
    .map((c) => {
      const [head, ...rest] = c.address.split('.');
      const tail = rest.join('.');
      const base = { address: c.address, action: c.action, reason: c.reason ?? null, keyRotation: !!c.keyRotation };
      if (head === 'endpoint') return { ...base, resource: 'endpoint', name: tail, locate: regionPath(tail) };
      if (head === 'cluster') return { ...base, resource: 'cluster', name: tail, locate: clusterPath(tail) };
      return { ...base, resource: 'encryptionAtRest', name: spec.projectId, locate: 'spec.azureKeyVault' };
    });
  const steps: PlanStepFact[] = plan.steps.map((s) => ({
    id: s.id,
    kind: s.kind,
    target: s.target,
    destructive: s.destructive,
    dependsOn: [...s.dependsOn],
    approval: s.kind === 'endpoint.approve' ? (s.approval ?? null) : null,
    locate: s.kind.startsWith('endpoint.')
      ? regionPath(s.target)
      : s.kind.startsWith('cluster.')
        ? clusterPath(s.target)
        : 'spec.azureKeyVault',
  }));
  const destructiveSteps = steps.filter((s) => s.destructive);
  const targetsOf = (kind: string, approval?: string): string[] =>
    distinct(
      steps.filter((s) => s.kind === kind && (approval === undefined || s.approval === approval)).map((s) => s.target),
    );
  const rotation = plan.resourceChanges.find((c) => c.keyRotation !== undefined)?.keyRotation;
  const label = doc.project.metadata.labels?.[MAX_DESTRUCTIVE_STEPS_LABEL];
  return {
    changes,
    steps,
    destructiveSteps,
    destructiveStepNames: destructiveSteps.map((s) => `${s.kind} ${s.target}`),
    stepKinds: distinct(steps.map((s) => s.kind)),
    counts: { ...pick(plan.summary), destructiveSteps: destructiveSteps.length },
    keyRotation: rotation === undefined ? null : structuredClone(rotation),
    disablesProjectCmk: steps.some((s) => s.kind === 'ear.disable'),
    clustersDisablingCmk: targetsOf('cluster.disableCmk'),
    endpointDeletions: targetsOf('endpoint.delete'),
    approvals: { azure: targetsOf('endpoint.approve', 'azure'), manual: targetsOf('endpoint.approve', 'manual') },
    limits: {
      maxDestructiveSteps: label === undefined ? DEFAULT_MAX_DESTRUCTIVE_STEPS : wholeNumber(label),
      maxDestructiveStepsLabel: label ?? null,
    },
  };
}

function pick(summary: ComputedPlan['summary']): Omit<PlanFacts['counts'], 'destructiveSteps'> {
  return { add: summary.add, change: summary.change, destroy: summary.destroy, steps: summary.steps };
}

/** A label value that is a whole number (`0`, `12`), or null. */
function wholeNumber(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  return Number(trimmed);
}

function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
