import { describe, expect, it } from 'vitest';
import { mustSucceed, runCommand, runUntilOutput } from './run-command.js';
import { toolEnv } from './tool-env.js';

const node = (script: string) =>
  runCommand(process.execPath, ['-e', script], { cwd: process.cwd(), env: toolEnv(), timeoutMs: 10_000 });

describe('runCommand and mustSucceed', () => {
  it('passes a command that exits 0 through', async () => {
    const result = mustSucceed(await node('console.log("fine")'), 'printing');
    expect(result.stdout).toBe('fine\n');
  });

  it('fails a command that exits non-zero with the whole of its output, so a broken npm install explains itself', async () => {
    const result = await node('console.log("resolving"); console.error("npm error code E404"); process.exit(3)');
    expect(() => mustSucceed(result, 'npm install of the packed tarballs')).toThrow(
      /npm install of the packed tarballs failed: `.+` exited 3\n--- stdout ---\nresolving\n\n--- stderr ---\nnpm error code E404/,
    );
  });

  it('names the signal when a command was killed by its timeout', async () => {
    const result = await runCommand(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
      cwd: process.cwd(),
      env: toolEnv(),
      timeoutMs: 200,
    });
    expect(result.signal).toBe('SIGKILL');
    expect(() => mustSucceed(result, 'waiting')).toThrow(/was killed by SIGKILL/);
  });

  it('stops a long-running command with SIGTERM once its marker appears', async () => {
    const script = `process.on('SIGTERM', () => { console.log('stopping'); process.exit(0); });
      console.log('ready'); setTimeout(() => {}, 60_000);`;
    const result = await runUntilOutput(
      process.execPath,
      ['-e', script],
      { cwd: process.cwd(), env: toolEnv() },
      'ready',
    );
    expect(result.stdout).toBe('ready\nstopping\n');
    expect(result.code).toBe(0);
  });
});

describe('toolEnv', () => {
  it("drops pnpm's run variables and Atlas and Azure settings, keeps npm's registry", () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        npm_config_user_agent: 'pnpm/10',
        npm_lifecycle_event: 'test',
        npm_config_registry: 'https://registry.example/',
        MONGODB_ATLAS_PRIVATE_KEY: 'canary-private-key',
        AZURE_CLIENT_SECRET: 'canary-client-secret',
        FORCE_COLOR: '1',
      });
      const env = toolEnv({ EXTRA: 'x' });
      expect(env.npm_config_user_agent).toBeUndefined();
      expect(env.npm_lifecycle_event).toBeUndefined();
      expect(env.MONGODB_ATLAS_PRIVATE_KEY).toBeUndefined();
      expect(env.AZURE_CLIENT_SECRET).toBeUndefined();
      expect(env.FORCE_COLOR).toBeUndefined();
      expect(env.npm_config_registry).toBe('https://registry.example/');
      expect(env.NO_COLOR).toBe('1');
      expect(env.EXTRA).toBe('x');
      expect(env.PATH).toBe(process.env.PATH);
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});
