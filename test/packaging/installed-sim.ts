import { spawn, type ChildProcess } from 'node:child_process';

/** A simulator started from an installed package's `atlas-sim` command, in conformance mode. */
export interface InstalledSim {
  urls: { atlas: string } & Record<string, string>;
  /** Stop it with SIGTERM; resolves to what it printed on stderr (contract violations are reported there). */
  stop(): Promise<{ code: number | null; stderr: string }>;
}

/**
 * Start `bin --fixture FIXTURE --validate --port 0 --json …` and wait for its `{"ready":true,…}` line. Rejects
 * with everything it printed when it exits first or says nothing ready within `timeoutMs`.
 */
export function startInstalledSim(
  bin: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<InstalledSim> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(bin, ['--validate', '--port', '0', '--json', ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let ready = false;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`atlas-sim said nothing ready in ${options.timeoutMs ?? 30_000} ms:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{') && l.includes('"ready":true'));
      if (ready || !line) return;
      ready = true;
      clearTimeout(timer);
      const { urls } = JSON.parse(line) as { urls: InstalledSim['urls'] };
      resolve({
        urls,
        stop: async () => {
          child.kill('SIGTERM');
          return { code: await exited, stderr };
        },
      });
    });
    void exited.then((code) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new Error(`atlas-sim exited ${code} before it was ready:\n${stdout}\n${stderr}`));
    });
  });
}
