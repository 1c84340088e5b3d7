import { createInterface } from 'node:readline';
import type { CliIo } from '../cli-io.js';

/**
 * Ask like Terraform: only the word `yes` approves. Resolves false on anything else, on end of input, or when
 * the signal aborts (Ctrl-C at the prompt).
 */
export async function confirmApply(io: CliIo, signal: AbortSignal): Promise<boolean> {
  io.stdout.write(
    "\nDo you want to perform these actions?\n  atlas-cmk will perform the steps above. Only 'yes' will be accepted to approve.\n\n  Enter a value: ",
  );
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    const answer = await new Promise<string | undefined>((resolve) => {
      rl.once('line', (line) => resolve(line));
      rl.once('close', () => resolve(undefined));
      signal.addEventListener('abort', () => resolve(undefined), { once: true });
    });
    io.stdout.write('\n');
    return answer?.trim() === 'yes';
  } finally {
    rl.close();
  }
}
