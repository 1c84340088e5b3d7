import { describe, expect, it } from 'vitest';
import {
  driftReport,
  hasDrift,
  plan,
  renderDriftJson,
  renderDriftMarkdown,
  renderDriftText,
  type DriftReport,
} from '../src/index.js';
import { KEY_1, desired, live, world } from './world.js';

const NOW = Date.parse('2026-12-03T00:00:00Z');
const ACTIVE = { region: 'US_CENTRAL', status: 'ACTIVE' as const, id: '6a1f00000000000000000001' };

function report(w: ReturnType<typeof world>, extra: Partial<Parameters<typeof driftReport>[0]> = {}): DriftReport {
  return driftReport({ plan: plan(w).plan, live: w.live, nowMs: NOW, ...extra });
}

describe('driftReport', () => {
  it('reports nothing when the live state matches and is healthy', () => {
    const r = report(world(desired({ regions: ['US_CENTRAL'] }), live({ cmk: true, endpoints: [ACTIVE] })));
    expect(hasDrift(r)).toBe(false);
    expect(r.summary).toEqual({ projects: 1, drifted: 0, changes: 0, health: 0 });
    expect(renderDriftText(r)).toBe('No drift. Live state matches the desired state and every health check passes.\n');
  });

  it('reports a rejected endpoint as a change with its repair steps and a health finding', () => {
    const w = world(
      desired({ regions: ['US_CENTRAL'], approval: 'azure' }),
      live({ cmk: true, endpoints: [{ ...ACTIVE, status: 'PENDING_RECREATION' }] }),
    );
    const r = report(w);
    expect(hasDrift(r)).toBe(true);
    const p = r.projects[0]!;
    expect(p.health.map((h) => h.code)).toEqual(['endpoint-pending-recreation']);
    expect(p.changes.map((c) => c.address)).toEqual(['endpoint.US_CENTRAL']);
    expect(p.repairSteps).toBeGreaterThan(0);
    const text = renderDriftText(r);
    expect(text).toContain('! Endpoint 6a1f00000000000000000001 in US_CENTRAL was rejected or removed in Azure');
    expect(text).toContain('Drift: 1 of 1 project (1 change, 1 health finding).');
  });

  it('reports health that no desired file states: valid false, paused clusters, FAILED endpoints', () => {
    const have = live({
      cmk: true,
      endpoints: [{ ...ACTIVE, status: 'FAILED', errorMessage: 'subnet full' }],
      clusters: [{ name: 'orders', provider: 'AZURE' }],
    });
    have.encryptionAtRest.azureKeyVault!.valid = false;
    have.clusters[0]!.paused = true;
    const r = report(
      world(desired({ regions: ['US_CENTRAL'], clusters: [{ name: 'orders', encryptionAtRest: true }] }), have),
    );
    expect(r.projects[0]!.health.map((h) => h.code)).toEqual(['key-invalid', 'cluster-paused', 'endpoint-failed']);
    expect(r.projects[0]!.health[2]!.message).toContain('FAILED: subnet full');
  });

  it('reports a key version that expires within the window, is expired, or is disabled', () => {
    const w = world(desired(), live({ cmk: true }));
    const at = (iso: string | null, enabled = true) =>
      report(w, {
        keys: new Map([[w.documents[0]!.project.spec.projectId, { keyIdentifier: KEY_1, enabled, expires: iso }]]),
      }).projects[0]!.health.map((h) => h.code);
    expect(at('2026-12-20T00:00:00Z')).toEqual(['key-expiring']);
    expect(at('2027-06-01T00:00:00Z')).toEqual([]);
    expect(at(null)).toEqual([]);
    expect(at('2026-12-01T00:00:00Z')).toEqual(['key-expired']);
    expect(at(null, false)).toEqual(['key-disabled']);
    // Disabled and expired: both, since enabling the version again would not be enough.
    expect(at('2026-12-01T00:00:00Z', false)).toEqual(['key-disabled', 'key-expired']);
    expect(at('2026-12-20T00:00:00Z', false)).toEqual(['key-disabled', 'key-expiring']);
  });

  it('renders JSON with stable codes and markdown within the limit with a marker, all values inert', () => {
    const have = live({
      cmk: true,
      endpoints: [{ ...ACTIVE, status: 'FAILED', errorMessage: 'x\u001b[2J</details><img src=x>`\n# y' }],
    });
    const r = report(world(desired({ regions: ['US_CENTRAL'], name: 'p|<b>' }), have));
    const json = JSON.parse(renderDriftJson(r)) as DriftReport;
    expect(json.formatVersion).toBe(1);
    expect(json.projects[0]!.health[0]!.code).toBe('endpoint-failed');
    const text = renderDriftText(r);
    expect(text).not.toContain('\u001b');
    expect(text).toContain('\\e[2J');
    const md = renderDriftMarkdown(r, { key: 'prod' });
    expect(md.startsWith('<!-- atlas-cmk:drift prod -->\n')).toBe(true);
    // A message cannot open or close HTML: its < and > are escaped, so the report's own <details> stay balanced.
    expect(md).toContain('\\<\\/details\\>\\<img src\\=x\\>');
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
    expect(md).toContain('| `p\\|<b>` |');
    expect(md).not.toContain('\u001b');
    const small = renderDriftMarkdown(r, { limit: 400 });
    expect(small.length).toBeLessThanOrEqual(400);
    expect(small).toContain('Output truncated');
  });
});
