/** What to do when writing to standard output or standard error fails. */
export type OutputFailure =
  | { kind: 'closed' } // the reader went away (`| head -1`): end quietly
  | { kind: 'failed'; message: string }; // a full disk, an I/O error: one line, exit 1

/** Exit code of a command whose output pipe was closed by its reader, as a shell shows a death by SIGPIPE. */
export const CLOSED_PIPE_EXIT = 141;

/** Classify an `error` event of stdout or stderr. */
export function outputFailure(stream: 'stdout' | 'stderr', error: NodeJS.ErrnoException): OutputFailure {
  if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return { kind: 'closed' };
  const why =
    error.code === 'ENOSPC'
      ? 'no space left on the device'
      : error.code === 'EDQUOT'
        ? 'the disk quota is exceeded'
        : error.code === 'EIO'
          ? 'an input/output error'
          : (error.code ?? error.message);
  return {
    kind: 'failed',
    message: `atlas-cmk: cannot write to standard ${stream === 'stdout' ? 'output' : 'error'}: ${why}${error.code && why !== error.code ? ` (${error.code})` : ''}\n`,
  };
}

/**
 * Watch the process's output streams. Node reports a failed write as an `error` event; unhandled, it ends the
 * process with a stack trace. Instead: a closed pipe ends the command at once without a word (nothing more can be
 * read anyway) with {@link CLOSED_PIPE_EXIT}; another failure prints one line on stderr (when stderr still works)
 * and ends with exit code 1. A failing stderr never blocks stdout: its errors end the command the same way.
 */
export function watchOutput(
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
  exit: (code: number) => void,
): void {
  let done = false;
  const onError = (which: 'stdout' | 'stderr') => (error: NodeJS.ErrnoException) => {
    if (done) return;
    done = true;
    const failure = outputFailure(which, error);
    if (failure.kind === 'closed') return exit(CLOSED_PIPE_EXIT);
    if (which === 'stdout') {
      streams.stderr.write(failure.message, () => exit(1));
      return;
    }
    exit(1);
  };
  streams.stdout.on('error', onError('stdout'));
  streams.stderr.on('error', onError('stderr'));
}
