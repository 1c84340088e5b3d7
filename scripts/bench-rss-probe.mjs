// Preloaded into a measured child (`node --import ./scripts/bench-rss-probe.mjs …`): at exit it writes the
// process's peak resident set size and CPU time as JSON to $ATLAS_CMK_BENCH_PROBE_FILE.
import { writeFileSync } from 'node:fs';

const target = process.env.ATLAS_CMK_BENCH_PROBE_FILE;
if (target) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    // maxRSS is in kibibytes; CPU times are in microseconds.
    writeFileSync(
      target,
      JSON.stringify({ maxRssKiB: usage.maxRSS, userCpuUs: usage.userCPUTime, systemCpuUs: usage.systemCPUTime }),
    );
  });
}
