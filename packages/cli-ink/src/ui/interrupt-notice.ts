/**
 * What the first Ctrl-C (or SIGTERM) does during an apply, and what a second one does. The live view shows it in
 * its footer; the plain and NDJSON renderers print it once on stderr; `apply --help` and the README say the same.
 */
export const INTERRUPT_NOTICE =
  'Stopping: no new step starts and waits end now; the summary follows. Ctrl-C again quits at once without it (exit 130); a re-run continues from the live state.';
