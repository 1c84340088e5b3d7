import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIssueRoutes, type StandinIssue } from './github-standin-issues.js';

/**
 * A local stand-in for the part of GitHub's REST API that sticky comments use, following GitHub's documented
 * shapes: list issue comments (`per_page` ≤ 100, `page`, a `Link` header with first/prev/next/last using the
 * `/repositories/{id}/…` form GitHub sends), create (201), update (200), `Bad credentials` for a wrong token,
 * 422 for a body over 65,536 characters, rate-limit headers on every answer, injectable faults and a request
 * log. It shares no code with the client it tests.
 */

/** An issue comment as GitHub returns it. */
export interface StandinComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: { login: string; id: number; type: string };
  created_at: string;
  updated_at: string;
  author_association: string;
}

/** A fault answered instead of the real response. */
export type StandinFault =
  | { kind: 'permission'; message?: string }
  | { kind: 'primaryRateLimit'; resetEpochSeconds: number; status?: 403 | 429 }
  | { kind: 'secondaryRateLimit'; status: 403 | 429; retryAfterSeconds?: number }
  | { kind: 'serverError'; status?: number; afterApplying?: boolean; retryAfterSeconds?: number };

/** One request as the stand-in saw it, with the status it answered. */
export interface StandinRequest {
  method: string;
  /** Path and query. */
  path: string;
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A running stand-in. */
export interface GitHubStandin {
  /** The API base URL to use as `GITHUB_API_URL` (includes `basePath`). */
  url: string;
  requests: StandinRequest[];
  /** Add comments (oldest first) to an issue of a known repository. */
  seedComments(
    owner: string,
    repo: string,
    issue: number,
    bodies: readonly (string | { body: string; login: string })[],
  ): StandinComment[];
  /** The comments of an issue, oldest first. */
  comments(owner: string, repo: string, issue: number): StandinComment[];
  /** Answer the next `times` requests (of `method`, when given) with `fault`. */
  injectFault(fault: StandinFault, options?: { times?: number; method?: string }): void;
  /** Add an issue (or, with `pullRequest`, a pull request as the issues list shows it) to a known repository. */
  seedIssue(
    owner: string,
    repo: string,
    issue: { title: string; body: string; login?: string; pullRequest?: boolean; state?: 'open' | 'closed' },
  ): StandinIssue;
  /** The issues of a repository, oldest first. */
  issues(owner: string, repo: string): StandinIssue[];
  close(): Promise<void>;
}

/** What the stand-in accepts and serves. */
export interface StandinOptions {
  /** The only token accepted. */
  token: string;
  /** `owner/repo` names that exist. */
  repositories: readonly string[];
  /** A path prefix such as `/api/v3` (GitHub Enterprise Server). */
  basePath?: string;
  /** Login of the token's user (the author of created comments); default `github-actions[bot]`. */
  login?: string;
}

const DOCS = 'https://docs.github.com/rest/issues/comments';
const MAX_BODY = 65_536;

/** Start a stand-in on 127.0.0.1, port 0. Close it with `close()`. */
export async function startGitHubStandin(options: StandinOptions): Promise<GitHubStandin> {
  const basePath = options.basePath ?? '';
  const login = options.login ?? 'github-actions[bot]';
  const repoIds = new Map(options.repositories.map((name, index) => [name, 1000 + index]));
  const issues = new Map<string, StandinComment[]>();
  const faults: { fault: StandinFault; times: number; method: string | undefined }[] = [];
  const requests: StandinRequest[] = [];
  let nextId = 1;
  let lastTime = Date.UTC(2026, 0, 1);
  let origin = '';

  const timestamp = (): string => {
    lastTime = Math.max(lastTime + 1000, Date.now() - (Date.now() % 1000));
    return new Date(lastTime).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  const issueKey = (name: string, issue: number): string => `${name}#${issue}`;
  const issueRoutes = createIssueRoutes({
    origin: () => origin,
    basePath,
    login,
    repositories: new Set(repoIds.keys()),
    timestamp,
  });
  const list = (name: string, issue: number): StandinComment[] => {
    const key = issueKey(name, issue);
    const existing = issues.get(key);
    if (existing) return existing;
    const created: StandinComment[] = [];
    issues.set(key, created);
    return created;
  };
  const newComment = (name: string, issue: number, body: string, author: string): StandinComment => {
    const id = nextId++;
    const at = timestamp();
    const comment: StandinComment = {
      id,
      node_id: `IC_kwDO${id.toString(36).padStart(6, '0')}`,
      url: `${origin}${basePath}/repos/${name}/issues/comments/${id}`,
      html_url: `https://github.example/${name}/pull/${issue}#issuecomment-${id}`,
      issue_url: `${origin}${basePath}/repos/${name}/issues/${issue}`,
      body,
      user: {
        login: author,
        id: author === login ? 41898282 : 1000 + author.length,
        type: author.endsWith('[bot]') ? 'Bot' : 'User',
      },
      created_at: at,
      updated_at: at,
      author_association: 'NONE',
    };
    list(name, issue).push(comment);
    return comment;
  };

  const handle = (method: string, url: URL, headers: IncomingMessage['headers'], rawBody: string): Answer => {
    const auth = headers.authorization ?? '';
    const presented = /^(?:Bearer|token) (.+)$/i.exec(auth)?.[1];
    if (presented === undefined) return error(401, 'Requires authentication', 'https://docs.github.com/rest');
    if (presented !== options.token) return error(401, 'Bad credentials', 'https://docs.github.com/rest');
    const version = headers['x-github-api-version'];
    if (version !== undefined && version !== '2022-11-28') {
      return error(
        400,
        `Unsupported 'X-GitHub-Api-Version' header: ${String(version)}`,
        'https://docs.github.com/rest/about-the-rest-api/api-versions',
      );
    }
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : '';
    const fault = takeFault(method);
    let applied: Answer | undefined;
    if (fault && !(fault.kind === 'serverError' && fault.afterApplying)) return faultAnswer(fault);

    const listMatch = /^\/(?:repos\/([^/]+\/[^/]+)|repositories\/(\d+))\/issues\/(\d+)\/comments$/.exec(path);
    const updateMatch = /^\/repos\/([^/]+\/[^/]+)\/issues\/comments\/(\d+)$/.exec(path);
    if (listMatch) {
      const name = listMatch[1] ?? [...repoIds].find(([, id]) => String(id) === listMatch[2])?.[0];
      if (name === undefined || !repoIds.has(name)) return error(404, 'Not Found', `${DOCS}#list-issue-comments`);
      const issue = Number(listMatch[3]);
      if (method === 'GET') return listPage(name, issue, url);
      if (method === 'POST') {
        const body = parseBody(rawBody);
        if (body === undefined)
          return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.', `${DOCS}#create-an-issue-comment`);
        if ([...body].length > MAX_BODY) return tooLong();
        applied = { status: 201, body: newComment(name, issue, body, login), headers: {} };
        applied.headers.location = (applied.body as StandinComment).url;
      }
    } else if (updateMatch && method === 'PATCH') {
      const name = updateMatch[1] ?? '';
      const comment = [...issues.entries()]
        .filter(([key]) => key.startsWith(`${name}#`))
        .flatMap(([, c]) => c)
        .find((c) => c.id === Number(updateMatch[2]));
      if (!repoIds.has(name) || comment === undefined)
        return error(404, 'Not Found', `${DOCS}#update-an-issue-comment`);
      const body = parseBody(rawBody);
      if (body === undefined)
        return error(422, 'Invalid request.\n\n"body" wasn\'t supplied.', `${DOCS}#update-an-issue-comment`);
      if ([...body].length > MAX_BODY) return tooLong();
      comment.body = body;
      comment.updated_at = timestamp();
      applied = { status: 200, body: comment, headers: {} };
    }
    applied ??= issueRoutes.handle(method, path, url, rawBody);
    if (applied === undefined) return error(404, 'Not Found', 'https://docs.github.com/rest');
    return fault ? faultAnswer(fault) : applied;
  };

  const listPage = (name: string, issue: number, url: URL): Answer => {
    const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
    const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
    const all = list(name, issue);
    const last = Math.max(1, Math.ceil(all.length / perPage));
    const link = (p: number): string =>
      `<${origin}${basePath}/repositories/${repoIds.get(name)}/issues/${issue}/comments?per_page=${perPage}&page=${p}>`;
    const links: string[] = [];
    if (page > 1) links.push(`${link(page - 1)}; rel="prev"`);
    if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
    if (page > 1) links.push(`${link(1)}; rel="first"`);
    return {
      status: 200,
      body: all.slice((page - 1) * perPage, page * perPage),
      headers: links.length > 0 ? { link: links.join(', ') } : {},
    };
  };

  const takeFault = (method: string): StandinFault | undefined => {
    const index = faults.findIndex((f) => f.method === undefined || f.method === method);
    const entry = faults[index];
    if (entry === undefined) return undefined;
    entry.times -= 1;
    if (entry.times <= 0) faults.splice(index, 1);
    return entry.fault;
  };

  const server = createServer((raw, response) => {
    const chunks: Buffer[] = [];
    raw.on('data', (chunk: Buffer) => chunks.push(chunk));
    raw.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = raw.method ?? '';
      const answer = handle(method, new URL(raw.url ?? '/', origin), raw.headers, body);
      requests.push({ method, path: raw.url ?? '', status: answer.status, headers: raw.headers, body });
      send(response, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: `${origin}${basePath}`,
    requests,
    seedComments: (owner, repo, issue, bodies) =>
      bodies.map((entry) =>
        typeof entry === 'string'
          ? newComment(`${owner}/${repo}`, issue, entry, 'someone')
          : newComment(`${owner}/${repo}`, issue, entry.body, entry.login),
      ),
    comments: (owner, repo, issue) => [...list(`${owner}/${repo}`, issue)],
    injectFault: (fault, { times = 1, method } = {}) => void faults.push({ fault, times, method }),
    seedIssue: (owner, repo, issue) => issueRoutes.seed(`${owner}/${repo}`, issue),
    issues: (owner, repo) => issueRoutes.list(`${owner}/${repo}`),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

function error(
  status: number,
  message: string,
  documentationUrl: string,
  headers: Record<string, string> = {},
): Answer {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) }, headers };
}

function tooLong(): Answer {
  const answer = error(422, 'Validation Failed', `${DOCS}#create-an-issue-comment`);
  (answer.body as Record<string, unknown>).errors = [
    {
      resource: 'IssueComment',
      code: 'custom',
      field: 'body',
      message: `body is too long (maximum is ${MAX_BODY} characters)`,
    },
  ];
  return answer;
}

function faultAnswer(fault: StandinFault): Answer {
  switch (fault.kind) {
    case 'permission':
      return error(403, fault.message ?? 'Resource not accessible by integration', `${DOCS}#create-an-issue-comment`);
    case 'primaryRateLimit':
      return error(
        fault.status ?? 403,
        'API rate limit exceeded for installation ID 1.',
        'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
        {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(fault.resetEpochSeconds),
        },
      );
    case 'secondaryRateLimit':
      return error(
        fault.status,
        'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
        'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      );
    case 'serverError':
      return {
        status: fault.status ?? 502,
        body: { message: 'Server Error' },
        headers: fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      };
    default: {
      const unexpected: never = fault;
      return unexpected;
    }
  }
}

function parseBody(raw: string): string | undefined {
  try {
    const parsed = JSON.parse(raw) as { body?: unknown };
    return typeof parsed.body === 'string' ? parsed.body : undefined;
  } catch {
    return undefined;
  }
}

function send(response: ServerResponse, answer: Answer): void {
  const reset = Math.floor(Date.now() / 1000) + 3600;
  response.writeHead(answer.status, {
    'content-type': 'application/json; charset=utf-8',
    'x-github-api-version-selected': '2022-11-28',
    'x-ratelimit-limit': '1000',
    'x-ratelimit-remaining': '999',
    'x-ratelimit-used': '1',
    'x-ratelimit-reset': String(reset),
    'x-ratelimit-resource': 'core',
    ...answer.headers,
  });
  response.end(JSON.stringify(answer.body));
}
