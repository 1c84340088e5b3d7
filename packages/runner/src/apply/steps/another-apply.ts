/**
 * The words every step uses when it sees the work of another apply on the same project (Atlas has no lock: runs
 * find each other through the endpoints they create), so users and scripts can look for one phrase.
 */
export function anotherApply(projectId: string): string {
  return `another apply is changing project ${projectId}`;
}
