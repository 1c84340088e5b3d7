/**
 * The issues part of the GitHub stand-in, following GitHub's documented shapes: list repository issues
 * (`state` open/closed/all, `per_page` ≤ 100, `page`, a `Link` header; pull requests are issues with a
 * `pull_request` field, as GitHub lists them), create (201), update title/body/state/state_reason (200), and 422
 * for a body over 65,536 characters or an invalid state.
 */

/** An issue as GitHub returns it (the fields atlas-cmk reads and a few more). */
export interface StandinIssue {
  id: number;
  node_id: string;
  number: number;
  url: string;
  html_url: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'reopened' | null;
  user: { login: string; id: number; type: string };
  labels: never[];
  comments: number;
  pull_request?: { url: string };
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** An answer of the stand-in: status, JSON body, extra headers. */
export interface IssueAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

const DOCS = 'https://docs.github.com/rest/issues/issues';
const MAX_BODY = 65_536;

/** The issues of every known repository, and the routes that serve them. */
export function createIssueRoutes(context: {
  origin: () => string;
  basePath: string;
  login: string;
  repositories: ReadonlySet<string>;
  timestamp: () => string;
}): {
  handle(method: string, path: string, url: URL, rawBody: string): IssueAnswer | undefined;
  seed(
    name: string,
    issue: { title: string; body: string; login?: string; pullRequest?: boolean; state?: 'open' | 'closed' },
  ): StandinIssue;
  list(name: string): StandinIssue[];
} {
  const byRepo = new Map<string, StandinIssue[]>();
  let nextId = 9000;
  const all = (name: string): StandinIssue[] => {
    const existing = byRepo.get(name);
    if (existing) return existing;
    const created: StandinIssue[] = [];
    byRepo.set(name, created);
    return created;
  };
  const add = (
    name: string,
    fields: { title: string; body: string; login?: string; pullRequest?: boolean; state?: 'open' | 'closed' },
  ): StandinIssue => {
    const issues = all(name);
    const number = issues.length + 1;
    const login = fields.login ?? context.login;
    const at = context.timestamp();
    const url = `${context.origin()}${context.basePath}/repos/${name}/issues/${number}`;
    const issue: StandinIssue = {
      id: nextId++,
      node_id: `I_kwDO${number.toString(36).padStart(6, '0')}`,
      number,
      url,
      html_url: `https://github.example/${name}/issues/${number}`,
      title: fields.title,
      body: fields.body,
      state: fields.state ?? 'open',
      state_reason: null,
      user: {
        login,
        id: login === context.login ? 41898282 : 1000 + login.length,
        type: login.endsWith('[bot]') ? 'Bot' : 'User',
      },
      labels: [],
      comments: 0,
      ...(fields.pullRequest ? { pull_request: { url: url.replace('/issues/', '/pulls/') } } : {}),
      created_at: at,
      updated_at: at,
      closed_at: fields.state === 'closed' ? at : null,
    };
    issues.push(issue);
    return issue;
  };

  const handle = (method: string, path: string, url: URL, rawBody: string): IssueAnswer | undefined => {
    const listMatch = /^\/repos\/([^/]+\/[^/]+)\/issues$/.exec(path);
    const oneMatch = /^\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)$/.exec(path);
    const name = listMatch?.[1] ?? oneMatch?.[1];
    if (name === undefined) return undefined;
    if (!context.repositories.has(name)) return error(404, 'Not Found', DOCS);
    if (listMatch && method === 'GET') {
      const state = url.searchParams.get('state') ?? 'open';
      if (!['open', 'closed', 'all'].includes(state)) return error(422, 'Validation Failed', DOCS);
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30) || 30));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      // GitHub lists the newest first.
      const matching = [...all(name)].reverse().filter((i) => state === 'all' || i.state === state);
      const last = Math.max(1, Math.ceil(matching.length / perPage));
      const link = (p: number): string =>
        `<${context.origin()}${context.basePath}/repos/${name}/issues?state=${state}&per_page=${perPage}&page=${p}>`;
      const links: string[] = [];
      if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`);
      return {
        status: 200,
        body: matching.slice((page - 1) * perPage, page * perPage),
        headers: links.length > 0 ? { link: links.join(', ') } : {},
      };
    }
    const body = parse(rawBody);
    if (listMatch && method === 'POST') {
      if (body === undefined || typeof body.title !== 'string' || body.title === '')
        return error(422, 'Validation Failed', `${DOCS}#create-an-issue`);
      if (typeof body.body === 'string' && [...body.body].length > MAX_BODY) return tooLong();
      const issue = add(name, { title: body.title, body: typeof body.body === 'string' ? body.body : '' });
      return { status: 201, body: issue, headers: { location: issue.url } };
    }
    if (oneMatch && method === 'PATCH') {
      const issue = all(name).find((i) => i.number === Number(oneMatch[2]));
      if (!issue) return error(404, 'Not Found', `${DOCS}#update-an-issue`);
      if (body === undefined) return error(400, 'Problems parsing JSON', `${DOCS}#update-an-issue`);
      if (body.state !== undefined && body.state !== 'open' && body.state !== 'closed')
        return error(422, 'Validation Failed', `${DOCS}#update-an-issue`);
      if (typeof body.body === 'string' && [...body.body].length > MAX_BODY) return tooLong();
      if (typeof body.title === 'string') issue.title = body.title;
      if (typeof body.body === 'string') issue.body = body.body;
      if (body.state === 'closed' && issue.state === 'open') {
        issue.state = 'closed';
        issue.state_reason = body.state_reason === 'not_planned' ? 'not_planned' : 'completed';
        issue.closed_at = context.timestamp();
      } else if (body.state === 'open' && issue.state === 'closed') {
        issue.state = 'open';
        issue.state_reason = 'reopened';
        issue.closed_at = null;
      }
      issue.updated_at = context.timestamp();
      return { status: 200, body: issue, headers: {} };
    }
    return undefined;
  };
  return { handle, seed: add, list: (name) => [...all(name)] };
}

function parse(raw: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(raw) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function error(status: number, message: string, documentationUrl: string): IssueAnswer {
  return { status, body: { message, documentation_url: documentationUrl, status: String(status) }, headers: {} };
}

function tooLong(): IssueAnswer {
  return {
    status: 422,
    body: {
      message: 'Validation Failed',
      errors: [
        {
          resource: 'Issue',
          code: 'custom',
          field: 'body',
          message: `body is too long (maximum is ${MAX_BODY} characters)`,
        },
      ],
      documentation_url: `${DOCS}#create-an-issue`,
      status: '422',
    },
    headers: {},
  };
}
