import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT, runCli } from './run-cli.js';

/** The drift workflow and the Kubernetes manifests are examples users copy: their promises are checked here. */

const K8S = join(REPO_ROOT, 'examples/kubernetes');

interface Manifest {
  kind: string;
  metadata: { name: string; namespace?: string };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: Record<string, unknown>;
}

function manifests(): Manifest[] {
  return readdirSync(K8S)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(K8S, f), 'utf8')).map((d) => d.toJSON() as Manifest));
}

function one(kind: string): Manifest {
  const found = manifests().filter((m) => m.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('examples/kubernetes', () => {
  it('runs one reconciler that reads the desired files from the ConfigMap and credentials from the Secret', () => {
    const deployment = one('Deployment').spec as {
      replicas: number;
      strategy: { type: string };
      template: {
        spec: {
          containers: {
            args: string[];
            envFrom: { secretRef: { name: string } }[];
            ports: { name: string; containerPort: number }[];
            livenessProbe: { httpGet: { path: string; port: string } };
            readinessProbe: { httpGet: { path: string; port: string } };
            volumeMounts: { name: string; mountPath: string; readOnly: boolean }[];
            securityContext: Record<string, unknown>;
          }[];
          volumes: { name: string; configMap: { name: string } }[];
        };
      };
    };
    expect(deployment.replicas).toBe(1);
    expect(deployment.strategy.type).toBe('Recreate');
    const pod = deployment.template.spec;
    const [container] = pod.containers;
    expect(container!.args.slice(0, 3)).toEqual(['reconcile', '/etc/atlas-cmk/desired', '--watch']);
    expect(container!.args).toContain('--interval=5m');
    const listen = container!.args.find((a) => a.startsWith('--listen='));
    const port = Number(listen?.split(':').at(-1));
    expect(container!.ports).toEqual([{ name: 'metrics', containerPort: port }]);
    expect(container!.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(container!.readinessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(container!.volumeMounts).toEqual([{ name: 'desired', mountPath: '/etc/atlas-cmk/desired', readOnly: true }]);
    expect(pod.volumes).toEqual([{ name: 'desired', configMap: { name: one('ConfigMap').metadata.name } }]);
    expect(container!.envFrom).toEqual([{ secretRef: { name: one('Secret').metadata.name } }]);
    expect(container!.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    expect(one('Service').spec).toMatchObject({ ports: [{ port, targetPort: 'metrics' }] });
    for (const m of manifests()) if (m.kind !== 'Namespace') expect(m.metadata.namespace).toBe('atlas-cmk');
  });

  it('ships a ConfigMap whose desired-state files pass atlas-cmk check, and a Secret with no real value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'atlas-cmk-k8s-'));
    try {
      const data = one('ConfigMap').data ?? {};
      expect(Object.keys(data).length).toBeGreaterThan(0);
      for (const [name, text] of Object.entries(data)) writeFileSync(join(dir, name), text);
      const r = await runCli(['check', dir]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const secret = one('Secret').stringData ?? {};
      expect(Object.keys(secret)).toContain('MONGODB_ATLAS_CLIENT_SECRET');
      for (const value of Object.values(secret)) expect(value).toBe('replace-me');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('examples/github/workflows/atlas-cmk-drift.yml', () => {
  const text = readFileSync(join(REPO_ROOT, 'examples/github/workflows/atlas-cmk-drift.yml'), 'utf8');
  const doc = parse(text) as {
    on: Record<string, unknown>;
    permissions: unknown;
    concurrency: { group: string };
    jobs: Record<
      string,
      { permissions: unknown; steps: { uses?: string; run?: string; with?: Record<string, unknown> }[] }
    >;
  };
  const steps = Object.values(doc.jobs).flatMap((j) => j.steps);

  it('runs on a schedule and by hand, with least privilege and one run at a time', () => {
    expect(Object.keys(doc.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(doc.permissions).toEqual({});
    expect(doc.jobs['drift']?.permissions).toEqual({ contents: 'read', issues: 'write' });
    expect(doc.concurrency.group).toContain('atlas-cmk');
  });

  it('pins actions by commit SHA with the tag in a comment, and puts no expression inside run:', () => {
    const uses = [...text.matchAll(/^\s*(?:- )?uses: (\S+)(.*)$/gm)];
    expect(uses.length).toBeGreaterThan(0);
    for (const [, ref = '', rest = ''] of uses) {
      expect(ref).toMatch(/^[\w.-]+\/[\w./-]+@[0-9a-f]{40}$/);
      expect(rest).toMatch(/^ # v\d+\.\d+\.\d+/);
    }
    expect(steps.filter((s) => s.run?.includes('${{'))).toEqual([]);
    for (const s of steps.filter((x) => x.uses?.startsWith('actions/checkout@')))
      expect(s.with?.['persist-credentials']).toBe(false);
    expect(steps.some((s) => s.run?.includes('atlas-cmk drift atlas/ --github-issue'))).toBe(true);
  });
});
