import type { DriftIssueOctokit } from './issue-octokit.js';

/** What {@link keepDriftIssue} did. */
export type DriftIssueAction =
  | { kind: 'opened'; number: number; url: string }
  | { kind: 'updated'; number: number; url: string }
  | { kind: 'unchanged'; number: number; url: string }
  | { kind: 'closed'; number: number; url: string }
  | { kind: 'none' };

/** The input of {@link keepDriftIssue}. */
export interface KeepDriftIssueInput {
  octokit: DriftIssueOctokit;
  owner: string;
  repo: string;
  /** The hidden marker the body starts with (`<!-- atlas-cmk:drift KEY -->`); it identifies the issue. */
  marker: string;
  drifted: boolean;
  title: string;
  /** The markdown report; starts with `marker`. */
  body: string;
  /** Also accept issues opened by this login (a personal token); issues opened by a bot are always accepted. */
  author?: string;
  signal?: AbortSignal;
}

interface IssueSummary {
  number: number;
  html_url: string;
  title: string;
  body?: string | null;
  state: string;
  pull_request?: unknown;
  user: { login: string; type: string } | null;
}

/**
 * One issue per repository (per marker) that follows the drift: opened when drift appears, its body updated while
 * it lasts (left alone when nothing changed), closed as completed when it is gone. The issue is found by the
 * marker at the start of its body among the open issues written by a bot (or by `author`), so a person cannot
 * make atlas-cmk overwrite an issue of theirs by quoting the marker. A create that failed is followed by a
 * re-read before anything is created again, so a lost answer never opens a second issue.
 */
export async function keepDriftIssue(input: KeepDriftIssueInput): Promise<DriftIssueAction> {
  const existing = await findIssue(input);
  if (!input.drifted) {
    if (!existing) return { kind: 'none' };
    await input.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner: input.owner,
      repo: input.repo,
      issue_number: existing.number,
      body: input.body,
      state: 'closed',
      state_reason: 'completed',
      request: signalOf(input),
    });
    return { kind: 'closed', number: existing.number, url: existing.html_url };
  }
  if (existing) {
    if (existing.body === input.body && existing.title === input.title)
      return { kind: 'unchanged', number: existing.number, url: existing.html_url };
    await input.octokit.request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
      owner: input.owner,
      repo: input.repo,
      issue_number: existing.number,
      title: input.title,
      body: input.body,
      request: signalOf(input),
    });
    return { kind: 'updated', number: existing.number, url: existing.html_url };
  }
  try {
    const created = await input.octokit.request('POST /repos/{owner}/{repo}/issues', {
      owner: input.owner,
      repo: input.repo,
      title: input.title,
      body: input.body,
      // A create is never repeated blindly: it may have reached GitHub.
      request: { ...signalOf(input), retries: 0 },
    });
    return { kind: 'opened', number: created.data.number, url: created.data.html_url };
  } catch (error) {
    const status = (error as { status?: number }).status;
    if (status !== undefined && status < 500) throw error;
    const found = await findIssue(input);
    if (found) return { kind: 'opened', number: found.number, url: found.html_url };
    throw error;
  }
}

async function findIssue(input: KeepDriftIssueInput): Promise<IssueSummary | undefined> {
  input.signal?.throwIfAborted();
  const issues = (await input.octokit.paginate('GET /repos/{owner}/{repo}/issues', {
    owner: input.owner,
    repo: input.repo,
    state: 'open',
    per_page: 100,
  })) as IssueSummary[];
  return issues
    .filter((i) => i.pull_request === undefined && (i.body ?? '').startsWith(input.marker))
    .filter((i) => i.user !== null && (i.user.type === 'Bot' || i.user.login === input.author))
    .sort((a, b) => a.number - b.number)[0];
}

function signalOf(input: KeepDriftIssueInput): { signal?: AbortSignal } {
  return input.signal ? { signal: input.signal } : {};
}
