import { neutralise } from '@atlas-cmk/planner';
import type { Paint } from '../color.js';
import type { ClusterView, EncryptionStatus, EndpointView, ProjectStatus, StatusReport } from './status-model.js';
import { renderTable, type Row } from './status-table.js';

/**
 * Human text of `atlas-cmk status`: a section per project with its call-outs first (loud), the encryption
 * settings, a table of endpoints each followed by its next action, and a table of clusters. Read failures are
 * not part of it: the command reports them on standard error. Names and messages from Atlas and the files are
 * neutralised first (control characters shown escaped), so table cells keep one line and steer nothing.
 */
export function formatStatusText(report: StatusReport, paint: Paint): string {
  return neutralise(report)
    .projects.map((p) => projectSection(p, paint).join('\n') + '\n')
    .join('\n');
}

function projectSection(p: ProjectStatus, paint: Paint): string[] {
  const name = p.projectName || p.document?.name || p.projectId;
  const from = p.document ? paint.dim(`  (${p.document.name} in ${p.document.file})`) : '';
  const lines = [`${paint.bold(`Project ${name}`)} ${paint.dim(p.projectId)}${from}`];
  for (const c of p.callouts) lines.push(`  ${paint.red(`✗ ${c.message}`)}`);
  lines.push('', ...encryptionLines(p.encryption, paint), '', ...endpointLines(p.endpoints, paint));
  lines.push('', ...clusterLines(p.clusters, paint));
  return lines;
}

function encryptionLines(e: EncryptionStatus, paint: Paint): string[] {
  const rows: [string, string][] = [['Customer-managed key', e.enabled ? paint.green('enabled') : 'disabled']];
  if (e.keyVaultName) {
    const where = [
      e.resourceGroupName ? `resource group ${e.resourceGroupName}` : '',
      e.subscriptionID ? `subscription ${e.subscriptionID}` : '',
    ].filter(Boolean);
    rows.push(['Key vault', `${e.keyVaultName}${where.length > 0 ? ` (${where.join(', ')})` : ''}`]);
  }
  if (e.keyName && e.keyVersion) rows.push(['Key', `${e.keyName}, version ${e.keyVersion}`]);
  else if (e.keyIdentifier) rows.push(['Key', e.keyIdentifier]);
  if (e.azureEnvironment) rows.push(['Azure environment', e.azureEnvironment]);
  const auth = e.authentication;
  switch (auth.kind) {
    case 'clientSecret':
      rows.push([
        'Signs in as',
        `app ${auth.clientID}${auth.tenantID ? ` in tenant ${auth.tenantID}` : ''} with a client secret (never shown)`,
      ]);
      break;
    case 'role':
      rows.push(['Signs in as', `role ${auth.roleId} (Cloud Provider Access)`]);
      break;
    case 'none':
      break;
    default: {
      const never: never = auth;
      throw new Error(`unhandled authentication ${JSON.stringify(never)}`);
    }
  }
  if (e.enabled) {
    const valid =
      e.valid === true ? paint.green('yes') : e.valid === false ? paint.red('NO (valid: false)') : 'not reported';
    rows.push(['Key valid', valid]);
  }
  rows.push(['Private networking', e.requirePrivateNetworking ? 'required' : 'not required']);
  if (e.enabledForSearchNodes === true) rows.push(['Search nodes', 'encrypted with the key']);
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
}

function endpointLines(endpoints: EndpointView[], paint: Paint): string[] {
  if (endpoints.length === 0) return ['  Endpoints: none'];
  const rows: Row[] = endpoints.map((e) => ({
    cells: [
      { text: e.regionName },
      { text: e.status, style: statusStyle(e.status, paint) },
      { text: e.id },
      { text: e.privateEndpointConnectionName ?? '-' },
      { text: e.errorMessage ?? '-' },
    ],
    note: e.next.command
      ? `${paint.dim('next:')} ${paint.yellow(e.next.text)}`
      : `${paint.dim('next:')} ${e.status === 'FAILED' ? paint.red(e.next.text) : e.next.text}`,
  }));
  return [
    `  Endpoints (${endpoints.length})`,
    ...renderTable(['REGION', 'STATUS', 'ID', 'CONNECTION', 'ERROR'], rows, { indent: '    ', headerStyle: paint.dim }),
  ];
}

function clusterLines(clusters: ClusterView[], paint: Paint): string[] {
  if (clusters.length === 0) return ['  Clusters: none'];
  const rows: Row[] = clusters.map((c) => ({
    cells: [
      { text: c.name },
      { text: c.tiers.join(', ') || '-' },
      { text: c.providers.join(', ') || '-' },
      { text: c.regions.join(', ') || '-' },
      { text: c.encryptionAtRestProvider, ...(c.encryptionAtRestProvider === 'AZURE' ? { style: paint.green } : {}) },
      { text: c.stateName ?? '-' },
      { text: c.paused ? 'PAUSED' : 'no', ...(c.paused ? { style: paint.red } : {}) },
    ],
  }));
  return [
    `  Clusters (${clusters.length})`,
    ...renderTable(['NAME', 'TIER', 'CLOUD', 'REGIONS', 'CMK', 'STATE', 'PAUSED'], rows, {
      indent: '    ',
      headerStyle: paint.dim,
    }),
  ];
}

function statusStyle(status: EndpointView['status'], paint: Paint): (s: string) => string {
  switch (status) {
    case 'ACTIVE':
      return paint.green;
    case 'FAILED':
    case 'PENDING_RECREATION':
      return paint.red;
    case 'PENDING_ACCEPTANCE':
      return paint.yellow;
    case 'INITIATING':
    case 'DELETING':
      return paint.cyan;
    default: {
      const unknown: never = status;
      return unknown;
    }
  }
}
