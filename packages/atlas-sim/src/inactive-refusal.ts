import { atlasError, type SimResponse } from './sim-response.js';
import type { ProjectState, World } from './world-types.js';

/**
 * Atlas's answer to a write in a project that is not active: `400 INACTIVE_ORG` naming the organization,
 * whether the organization itself is inactive or only the project is (the API has no project-state field,
 * and `INACTIVE_ORG` is the only documented refusal, see contracts/NOTES.md). Every write handler calls this
 * before it looks at its body or its target, so even a write that would fail anyway (an unknown endpoint id)
 * reveals an inactive project. Reads are served as usual. Undefined when the write may go on.
 */
export function inactiveRefusal(world: World, project: ProjectState): SimResponse | undefined {
  const org = world.orgs.find((o) => o.id === project.orgId);
  const orgInactive = org !== undefined && !org.active;
  if (!orgInactive && project.active !== false) return undefined;
  return atlasError(400, 'INACTIVE_ORG', `Organization ${project.orgId} is inactive.`, [project.orgId]);
}
