import type { AtlasClient } from '../atlas/client.js';
import { AtlasApiError } from '../http/errors.js';
import { isInactiveOrg } from './classify-read-error.js';

/**
 * An endpoint id no endpoint can have: an ObjectId whose creation time is 1970-01-01 (Atlas ids carry the second
 * they were made in their first 4 bytes).
 */
export const PROBE_ENDPOINT_ID = '000000000000000000000000';

/** What the probe learnt: `inactive` (Atlas refused it with INACTIVE_ORG), `active` (404), or nothing. */
export type ProjectActivity = 'active' | 'inactive' | 'unknown';

/**
 * Ask Atlas whether it accepts writes in a project, without writing anything. Atlas has no project-state field
 * and serves reads of an inactive project; it shows inactivity only by refusing writes with `INACTIVE_ORG`
 * (contracts/NOTES.md). The probe is a `DELETE` of the encryption-at-rest private endpoint {@link PROBE_ENDPOINT_ID},
 * which cannot exist, so it can change nothing: an active project answers 404, an inactive one `INACTIVE_ORG`.
 * Any other answer (a read-only credential's 401/403, a failure after retries) is `unknown`, never an error of
 * the caller: the refusal of a real write is still reported under `cmk/project-active`. Cancellation rejects.
 */
export async function probeProjectActive(
  client: AtlasClient,
  projectId: string,
  signal?: AbortSignal,
): Promise<ProjectActivity> {
  try {
    await client.deleteEarPrivateEndpoint(projectId, 'AZURE', PROBE_ENDPOINT_ID, { signal });
    return 'unknown';
  } catch (error) {
    if (signal?.aborted) throw error;
    if (isInactiveOrg(error)) return 'inactive';
    if (error instanceof AtlasApiError && error.status === 404) return 'active';
    return 'unknown';
  }
}
