import type { LiveEndpoint } from '@atlas-cmk/core';
import { describe, expect, it } from 'vitest';
import { compareCreation, endpointCreatedSeconds, oldestEndpoint, preferredEndpoint } from './endpoint-order.js';

const ep = (id: string, status: LiveEndpoint['status']): LiveEndpoint => ({
  id,
  status,
  regionName: 'US_CENTRAL',
  cloudProvider: 'AZURE',
});

describe('endpoint order', () => {
  it('reads the creation second from an ObjectId', () => {
    expect(endpointCreatedSeconds('6750a1b2ffffffffffffffff')).toBe(0x6750a1b2);
    expect(endpointCreatedSeconds('ok1')).toBeUndefined();
  });

  it('orders by creation second, then by the listing when the second is the same', () => {
    const older = ep('6750a1b2ffffffffffffffff', 'INITIATING');
    const newer = ep('6750a1b3000000000000000a', 'INITIATING');
    const sameSecond = ep('6750a1b30000000000000001', 'INITIATING');
    const listing = [newer, older, sameSecond];
    expect(compareCreation(older, newer, listing)).toBeLessThan(0);
    // Same second: the listing decides, not the random part of the id.
    expect(compareCreation(newer, sameSecond, listing)).toBeLessThan(0);
    expect(oldestEndpoint(listing, listing)).toBe(older);
  });

  it('keeps the most advanced endpoint, then the oldest', () => {
    const a = ep('6750a1b0000000000000000a', 'INITIATING');
    const b = ep('6750a1b1000000000000000b', 'PENDING_ACCEPTANCE');
    const c = ep('6750a1b2000000000000000c', 'ACTIVE');
    const d = ep('6750a1b3000000000000000d', 'ACTIVE');
    const failed = ep('6750a1a0000000000000000e', 'FAILED');
    expect(preferredEndpoint([d, a, c, b, failed])).toBe(c);
    expect(preferredEndpoint([a, b])).toBe(b);
    expect(preferredEndpoint([ep('6750a1b5000000000000000f', 'INITIATING'), a])).toBe(a);
    expect(preferredEndpoint([failed])).toBeUndefined();
  });
});
