import { describe, expect, it } from 'vitest';
import { plan, renderText } from '../src/index.js';
import { heads, only, step } from './steps.js';
import { KEY_1, KEY_2, PROJECT_ID, desired, live, world } from './world.js';

describe('project settings flows', () => {
  it('key rotation: one ear.update shown as key name/version old -> new in the same vault', () => {
    const have = live({ cmk: true, endpoints: [{ region: 'US_CENTRAL', status: 'ACTIVE' }] });
    const project = only(plan(world(desired({ keyIdentifier: KEY_2, regions: ['US_CENTRAL'] }), have)).plan);
    expect(heads(project)).toEqual(['ear.update']);
    const update = step(project, 'ear.update');
    expect(update.description).toBe('Rotate the key in vault kv-payments: atlas/78b9134f… -> atlas/0c1d2e3f…');
    // The whole block is sent, with the secret reference and private networking left as it is.
    expect(update.request?.body).toMatchObject({
      azureKeyVault: {
        keyIdentifier: KEY_2,
        secret: { $secretRef: '${env:AZURE_CLIENT_SECRET}' },
        requirePrivateNetworking: true,
      },
    });
    const change = project.resourceChanges[0];
    expect(change).toMatchObject({
      address: `project.${PROJECT_ID}.encryptionAtRest`,
      action: 'update',
      keyRotation: {
        vault: 'kv-payments',
        from: { keyName: 'atlas', keyVersion: KEY_1.split('/').at(-1) },
        to: { keyName: 'atlas', keyVersion: KEY_2.split('/').at(-1) },
      },
    });
    expect(project.warnings).toEqual([
      'Keep key atlas/78b9134f… in vault kv-payments enabled until the rotation has deployed and no backup snapshot uses it; revoking it makes Atlas pause the clusters.',
    ]);
    expect(change?.patch).toEqual([
      { op: 'replace', path: '/azureKeyVault/keyIdentifier', value: KEY_2 },
      { op: 'add', path: '/azureKeyVault/secret', value: '(sensitive value)' },
    ]);
  });

  it('no changes: an empty plan that renders "No changes."', () => {
    const want = desired({ regions: ['US_CENTRAL'], clusters: [{ name: 'orders', encryptionAtRest: true }] });
    const have = live({
      cmk: true,
      endpoints: [{ region: 'US_CENTRAL', status: 'ACTIVE' }],
      clusters: [{ name: 'orders', provider: 'AZURE' }],
    });
    const { plan: p, diagnostics } = plan(world(want, have));
    expect(diagnostics).toEqual([]);
    const project = only(p);
    expect(project.steps).toEqual([]);
    expect(project.resourceChanges.every((c) => c.action === 'no-op' && c.patch.length === 0)).toBe(true);
    expect(p.summary).toEqual({ add: 0, change: 0, destroy: 0, steps: 0 });
    expect(renderText(p, { color: false })).toBe('No changes. Live state matches the desired state.\n');
  });

  it('the write-only secret is never a perpetual diff, and --rotate-secret re-sends it', () => {
    const have = live({ cmk: true });
    const unchanged = plan(world(desired(), have)).plan;
    expect(unchanged.summary).toEqual({ add: 0, change: 0, destroy: 0, steps: 0 });

    for (const rotateSecret of ['all', new Set([PROJECT_ID])] as const) {
      const project = only(plan({ ...world(desired(), have), options: { rotateSecret } }).plan);
      expect(heads(project)).toEqual(['ear.update']);
      expect(step(project, 'ear.update').description).toBe('Send the client secret again');
      expect(step(project, 'ear.update').request?.body).toMatchObject({
        azureKeyVault: { secret: { $secretRef: '${env:AZURE_CLIENT_SECRET}' } },
      });
      expect(project.resourceChanges[0]?.patch).toEqual([
        { op: 'add', path: '/azureKeyVault/secret', value: '(sensitive value)' },
      ]);
    }
    const other = plan({
      ...world(desired(), have),
      options: { rotateSecret: new Set(['000000000000000000000000']) },
    }).plan;
    expect(other.summary.steps).toBe(0);
  });

  it('changing the vault while endpoints exist is refused at the field, and the project is not planned', () => {
    const have = live({ cmk: true, endpoints: [{ region: 'US_CENTRAL', status: 'ACTIVE' }] });
    const { plan: p, diagnostics } = plan(world(desired({ keyVaultName: 'kv-other', regions: ['US_CENTRAL'] }), have));
    expect(p.projects).toEqual([]);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({
      code: 'plan/immutable-vault-settings',
      severity: 'error',
      file: 'payments.yaml',
      line: 15,
      projectId: PROJECT_ID,
    });
    expect(diagnostics[0]?.message).toContain(
      'keyVaultName cannot change from "kv-payments" to "kv-other" while private endpoints exist (US_CENTRAL)',
    );
    expect(diagnostics[0]?.message).toContain(
      'First set requirePrivateNetworking: false, remove spec.privateEndpoints.regions and apply',
    );
  });

  it('a rotation together with another field says both', () => {
    const want = desired({ keyIdentifier: KEY_2 });
    want.spec.azureKeyVault.clientID = '11111111-2222-4333-8444-555555555555';
    want.spec.enabledForSearchNodes = true;
    const project = only(plan(world(want, live({ cmk: true }))).plan);
    expect(step(project, 'ear.update').description).toBe(
      'Rotate the key in vault kv-payments: atlas/78b9134f… -> atlas/0c1d2e3f…; update clientID, enabledForSearchNodes',
    );
    expect(step(project, 'ear.update').request?.body).toMatchObject({ enabledForSearchNodes: true });
  });

  it('changing the vault with no endpoint is an ordinary update', () => {
    const project = only(plan(world(desired({ keyVaultName: 'kv-other' }), live({ cmk: true }))).plan);
    expect(heads(project)).toEqual(['ear.update']);
    expect(step(project, 'ear.update').description).toBe('Update keyVaultName');
  });

  it('a listed cluster that does not exist is skipped with a warning; no live state is an error', () => {
    const want = desired({ clusters: [{ name: 'ghost', encryptionAtRest: true }] });
    const { plan: p, diagnostics } = plan(world(want, live({ cmk: true })));
    expect(only(p).steps).toEqual([]);
    expect(diagnostics).toMatchObject([{ code: 'plan/cluster-not-found', severity: 'warning', line: 23 }]);

    const missing = plan({ documents: world(want, live()).documents, live: new Map() });
    expect(missing.plan.projects).toEqual([]);
    expect(missing.diagnostics).toMatchObject([{ code: 'plan/live-state-missing', severity: 'error', line: 6 }]);
  });
});
