import { describe, it } from 'vitest';
import { crashSuite } from './crash-suite.js';

describe('crashes: apply killed with SIGKILL at a seeded moment, then a new apply', () => {
  crashSuite('alone', 'every killed apply is finished by the next one, with one endpoint per region', (name, run) =>
    it(name, { timeout: 600_000 }, run),
  );
});
