/** Parsed command line of the simulator entry point. */
export interface SimArgs {
  fixture: string;
  statePath?: string;
  port?: number;
  httpsPort?: number;
  envPath?: string;
  timeScale?: number;
  seed?: number;
  validate: boolean;
  json: boolean;
}

/** Usage text of `main.js`. */
export const usage = `Usage: atlas-sim --fixture FILE [--state FILE] [--port N] [--https-port N] [--env FILE] [--time-scale X] [--seed N] [--validate] [--json]

Starts the local Atlas Admin API + Azure simulator on 127.0.0.1 and prints its base URLs.
  --fixture FILE     initial world (YAML or JSON), see the package README
  --state FILE       persist the world here; reuse it on the next start
  --port N           port (default: a free one)
  --https-port N     port of the HTTPS listener (Entra ID, ARM, Key Vault for the Azure SDKs and az; default: a free one)
  --env FILE         write the export lines for atlas-cmk, az and the Azure SDKs (credentials included) to FILE, mode 0600
  --time-scale X     simulated seconds per real second (default 1)
  --seed N           seed for fault injection
  --validate         check every Atlas response against the contract and report violations
  --json             print the URLs as one JSON line instead of text
Stops cleanly on SIGINT/SIGTERM. Exit codes: 0 stopped, 2 usage or start-up error.`;

function num(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n < min) throw new Error(`${flag} needs a number >= ${min}`);
  return n;
}

/** Parses argv (without node and script). Throws an Error whose message is meant for the user. */
export function parseArgs(argv: readonly string[]): SimArgs {
  const out: Partial<SimArgs> & { validate: boolean; json: boolean } = { validate: false, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    switch (arg) {
      case '--fixture':
        if (!value) throw new Error('--fixture needs a file');
        out.fixture = value;
        i++;
        break;
      case '--state':
        if (!value) throw new Error('--state needs a file');
        out.statePath = value;
        i++;
        break;
      case '--port':
        out.port = num('--port', value, 0);
        i++;
        break;
      case '--https-port':
        out.httpsPort = num('--https-port', value, 0);
        i++;
        break;
      case '--env':
        if (!value) throw new Error('--env needs a file');
        out.envPath = value;
        i++;
        break;
      case '--time-scale':
        out.timeScale = num('--time-scale', value, Number.MIN_VALUE);
        i++;
        break;
      case '--seed':
        out.seed = num('--seed', value, 0);
        i++;
        break;
      case '--validate':
        out.validate = true;
        break;
      case '--json':
        out.json = true;
        break;
      default:
        throw new Error(`unknown argument ${arg ?? ''}`);
    }
  }
  if (!out.fixture) throw new Error('--fixture FILE is required');
  return out as SimArgs;
}
