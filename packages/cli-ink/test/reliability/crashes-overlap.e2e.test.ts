import { describe, it } from 'vitest';
import { crashSuite } from './crash-suite.js';

describe('crashes: one of two overlapping applies killed with SIGKILL, then a new apply', () => {
  crashSuite(
    'overlap',
    'the other apply finishes or says another apply is changing the project; the re-run leaves one endpoint per region',
    (name, run) => it(name, { timeout: 600_000 }, run),
  );
});
