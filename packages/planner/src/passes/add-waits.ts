import type { Step } from '../step-types.js';
import type { DraftStep } from './draft.js';

/**
 * Pass 4, add waits: Atlas works asynchronously, so a call's success only means it was accepted.
 * A `waitBefore` (a state the step needs, e.g. an INITIATING endpoint Atlas will not delete yet)
 * takes over the step's dependencies and the step depends on it. A `waitAfter` (the state that means
 * the step is done, e.g. ACTIVE, gone, IDLE) depends on the step, and every step that depended on the
 * step now depends on the wait instead. The result lists each wait beside its step.
 */
export function addWaits(drafts: readonly DraftStep[]): Step[] {
  const doneBy = new Map<string, string>();
  for (const draft of drafts) if (draft.waitAfter) doneBy.set(draft.step.id, draft.waitAfter.id);
  const redirect = (deps: readonly string[]): string[] => deps.map((dep) => doneBy.get(dep) ?? dep);

  return drafts.flatMap((draft): Step[] => {
    const deps = redirect(draft.step.dependsOn);
    const before = draft.waitBefore ? [{ ...draft.waitBefore, dependsOn: deps }] : [];
    const step = { ...draft.step, dependsOn: draft.waitBefore ? [draft.waitBefore.id] : deps };
    const after = draft.waitAfter ? [{ ...draft.waitAfter, dependsOn: [draft.step.id] }] : [];
    return [...before, step, ...after];
  });
}
