import type { Diagnostic } from '../diagnostics.js';
import type { LoadedDocument } from '../document.js';
import type { Waiver } from '../model.js';
import { didYouMean } from './did-you-mean.js';
import type { Rule } from './rule.js';

/** The waivers of one document that are in force, by rule id, and the problems with the others. */
export interface WaiverResolution {
  active: ReadonlyMap<string, Waiver>;
  diagnostics: Diagnostic[];
}

/**
 * Check a document's waivers against the loaded rules and `today` (`YYYY-MM-DD`, UTC). A waiver holds
 * through the end of its `expires` day. An expired waiver is itself an error (`waiver/expired`) and no
 * longer applies; a waiver naming no known rule is `waiver/unknown-rule` (with a suggestion when one is
 * close); a waiver of a rule marked `waivable: false`, or with a malformed date, is `waiver/invalid`.
 * `byId`: every loaded rule by its id (made once for all documents).
 */
export function resolveWaivers(doc: LoadedDocument, byId: ReadonlyMap<string, Rule>, today: string): WaiverResolution {
  const active = new Map<string, Waiver>();
  const diagnostics: Diagnostic[] = [];
  const projectId = doc.project.spec.projectId;
  doc.project.spec.waivers.forEach((waiver, i) => {
    const report = (code: Diagnostic['code'], field: string, message: string): void => {
      diagnostics.push({ code, severity: 'error', message, projectId, ...doc.locate(['spec', 'waivers', i, field]) });
    };
    const rule = byId.get(waiver.rule);
    if (rule === undefined) {
      const hint = didYouMean(waiver.rule, [...byId.keys()]);
      report(
        'waiver/unknown-rule',
        'rule',
        `waiver names no known rule "${waiver.rule}"${hint === undefined ? '' : `; did you mean "${hint}"?`}`,
      );
      return;
    }
    if (!rule.waivable) {
      report(
        'waiver/invalid',
        'rule',
        `rule ${rule.id} cannot be waived (waivable: false): fix the finding and remove this waiver`,
      );
      return;
    }
    if (!isIsoDate(waiver.expires)) {
      report(
        'waiver/invalid',
        'expires',
        `waiver for ${rule.id} has expiry "${waiver.expires}", which is not a date in the form YYYY-MM-DD`,
      );
      return;
    }
    if (waiver.expires < today) {
      report(
        'waiver/expired',
        'expires',
        `waiver for ${rule.id} expired on ${waiver.expires}: fix the findings, or renew the waiver with a new date and reason`,
      );
      return;
    }
    active.set(rule.id, waiver);
  });
  return { active, diagnostics };
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
