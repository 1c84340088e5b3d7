import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import type { World } from './world-types.js';

/** Reads a persisted world; undefined when the file does not exist. Throws with the path for a corrupt file. */
export async function readWorld(path: string): Promise<World | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the simulator state file ${path}`, { cause });
  }
  try {
    const world = JSON.parse(text) as World;
    if (world.formatVersion !== 1) throw new Error(`unsupported formatVersion ${String(world.formatVersion)}`);
    return world;
  } catch (cause) {
    throw new Error(`the simulator state file ${path} is not a valid state file; delete it to start from the fixture`, {
      cause,
    });
  }
}

/**
 * Writes the world atomically (temp file + rename), one write at a time; a burst of requests coalesces
 * into at most one pending write. Credentials are stored only as hashes (see create-world.ts), and the file is
 * readable and writable by its owner only (mode 0600).
 */
export class StateWriter {
  private writing: Promise<void> = Promise.resolve();
  private pending = false;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => World,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Schedules a write of the current world. */
  schedule(): Promise<void> {
    if (this.pending) return this.writing;
    this.pending = true;
    this.writing = this.writing.then(async () => {
      this.pending = false;
      const tmp = `${this.path}.${process.pid}.tmp`;
      try {
        // Owner-only: the world holds credential hashes (a Digest HA1 is as good as the password to this server).
        // The temporary file is created afresh ('wx'), so a leftover one cannot keep a wider mode.
        await rm(tmp, { force: true });
        await writeFile(tmp, JSON.stringify(this.snapshot()), { encoding: 'utf8', mode: 0o600, flag: 'wx' });
        await rename(tmp, this.path);
      } catch (error) {
        this.onError(new Error(`cannot write the simulator state file ${this.path}`, { cause: error }));
      }
    });
    return this.writing;
  }

  /** Resolves when every scheduled write is on disk. */
  flush(): Promise<void> {
    return this.writing;
  }
}
