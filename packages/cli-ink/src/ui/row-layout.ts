import { displayTarget } from './run-selectors.js';
import type { ProjectView } from './run-view-types.js';

/**
 * Column widths of one project's step rows, in terminal cells, inside a panel whose content is `inner` cells wide:
 * symbol, description, gap, target, gap, time. From 40 columns on their sum never exceeds `inner`, so no row wraps or runs into the
 * next column; text longer than its column is shortened inside it with an ellipsis.
 */
export interface RowLayout {
  /** The content width of the panel: what sub-lines (waits, retries, errors) are cut to. */
  inner: number;
  description: number;
  target: number;
}

export const SYMBOL_WIDTH = 2;
export const GAP = 2;
/** `[9h59m59s]`: room for the longest time a step shows. */
export const TIME_WIDTH = 10;
const MAX_TARGET = 24;
const MIN_DESCRIPTION = 12;

export function rowLayout(project: ProjectView, inner: number): RowLayout {
  const longestTarget = Math.max(0, ...project.steps.map((s) => displayTarget(project, s).length));
  const longestLabel = Math.max(0, ...project.steps.map((s) => Math.max(s.description.length, s.message?.length ?? 0)));
  const free = Math.max(0, inner - SYMBOL_WIDTH - TIME_WIDTH - 2 * GAP);
  // Targets (regions, cluster names) get what they need up to a quarter of the free room (at least the longest
  // Atlas Azure region name, 12 cells, when it fits); descriptions what they
  // need of the rest, so that targets and times stay close to the text they belong to on a wide terminal.
  const target = Math.min(longestTarget, MAX_TARGET, Math.max(12, Math.floor(free / 4)));
  return { inner, target, description: Math.max(MIN_DESCRIPTION, Math.min(longestLabel, free - target)) };
}

/** The content width of a panel `width` cells wide: the full layout has side borders and one cell of padding. */
export function panelInner(width: number, compact: boolean): number {
  return compact ? width : width - 4;
}
