import { KEY_2, desired, live, world } from './world.js';

/** The worlds whose rendered plans are kept as golden files in `test/golden/<name>.txt`. */
export const GOLDEN_WORLDS = {
  'first-enable': world(
    desired({ regions: ['US_CENTRAL', 'EUROPE_NORTH'], clusters: [{ name: 'orders', encryptionAtRest: true }] }),
    live({ clusters: [{ name: 'orders' }] }),
  ),
  'rotate-and-repair': world(
    desired({ keyIdentifier: KEY_2, regions: ['US_CENTRAL'] }),
    live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'FAILED', id: '6a1f00000000000000000001', errorMessage: 'subnet full' },
        { region: 'EUROPE_NORTH', status: 'ACTIVE', id: '6a1f00000000000000000002' },
      ],
    }),
  ),
  'disable-cmk': world(
    desired({ enabled: false, clusters: [{ name: 'orders', encryptionAtRest: false }] }),
    live({
      cmk: true,
      endpoints: [
        { region: 'US_CENTRAL', status: 'ACTIVE', id: '6a1f00000000000000000001' },
        { region: 'EUROPE_NORTH', status: 'INITIATING', id: '6a1f00000000000000000002' },
      ],
      clusters: [{ name: 'orders', provider: 'AZURE' }],
    }),
  ),
} as const;
