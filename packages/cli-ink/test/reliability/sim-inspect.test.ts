import type { SimRequestLogEntry } from '@atlas-cmk/atlas-sim';
import { describe, expect, it } from 'vitest';
import { duplicateCount, faultsInjected, longestAttemptChain } from './sim-inspect.js';

let seq = 0;
function entry(method: string, path: string, status: number, faults?: string[]): SimRequestLogEntry {
  seq += 1;
  return { seq, time: '', method, path, status, operationId: 'op', ...(faults ? { faults } : {}) };
}

describe('reading the simulator for the reliability suites', () => {
  it('counts the attempts of one request: its transient failures plus the attempt after them', () => {
    const log = [
      entry('GET', '/a', 503),
      entry('GET', '/a', 401),
      entry('GET', '/b', 200),
      entry('GET', '/a', 0),
      entry('GET', '/a', 429),
      entry('GET', '/a', 200),
      entry('GET', '/a', 200),
    ];
    expect(longestAttemptChain(log)).toEqual({ length: 4, request: 'GET /a' });
  });

  it('starts a new chain after an answer that is not retried', () => {
    const log = [
      entry('PATCH', '/x', 500),
      entry('PATCH', '/x', 400),
      entry('PATCH', '/x', 500),
      entry('PATCH', '/x', 200),
    ];
    expect(longestAttemptChain(log).length).toBe(2);
  });

  it('finds a sixth attempt, beyond the default policy of five', () => {
    const log = [...Array.from({ length: 5 }, () => entry('GET', '/c', 503)), entry('GET', '/c', 200)];
    expect(longestAttemptChain(log).length).toBe(6);
  });

  it('counts endpoints beyond one per region and faults by kind', () => {
    const ep = (regionName: string) => ({ id: String(++seq), regionName, status: 'ACTIVE' });
    expect(duplicateCount([ep('US_CENTRAL'), ep('EUROPE_NORTH')])).toBe(0);
    expect(duplicateCount([ep('US_CENTRAL'), ep('US_CENTRAL'), ep('US_CENTRAL'), ep('EUROPE_NORTH')])).toBe(2);
    const log = [entry('GET', '/a', 503, ['5xx', 'latency']), entry('GET', '/a', 0, ['drop']), entry('GET', '/a', 200)];
    expect(faultsInjected(log)).toEqual({ '5xx': 1, latency: 1, drop: 1 });
  });
});
