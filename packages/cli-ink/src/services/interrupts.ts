/**
 * Ctrl-C (SIGINT) and SIGTERM for a command that changes things: the first aborts `controller` (no new step
 * starts, waits end, the run reports what it did) after `announce` has said so; the second quits at once by the
 * signal's own default action (exit 130 for Ctrl-C), as the announcement promised. Returns the function that
 * removes the handlers; call it once the command is done.
 */
export function handleInterrupts(controller: AbortController, announce: () => void): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) {
      remove();
      process.kill(process.pid, signal);
      return;
    }
    announce();
    controller.abort(new Error('interrupted'));
  };
  const remove = (): void => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return remove;
}
