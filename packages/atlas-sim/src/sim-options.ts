import type { FaultPlan } from './faults.js';
import type { SimFixture } from './fixture-types.js';
import type { SimRequestLogEntry } from './request-log.js';

/** How to start a simulator. */
export interface SimOptions {
  /** The initial world, or the path of a YAML/JSON fixture file. */
  fixture: SimFixture | string;
  /** Persist the world here after every change (atomically); loaded at start when it exists. */
  statePath?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Port of the HTTPS listener (the same simulator, a certificate made at start-up); 0 (default) picks a free port. */
  httpsPort?: number;
  /** Only loopback is served. */
  host?: '127.0.0.1';
  /** 1 = real time; 60 = a simulated minute per real second. Default 1. */
  timeScale?: number;
  /** Time moves only through `advance` / `POST /__sim/clock/advance`. */
  manualClock?: boolean;
  /** Conformance mode: validate every Atlas response against the contract and record violations. */
  validateResponses?: boolean;
  /** Directory holding atlas-admin-v2.subset.openapi.yaml (default: the package's own contracts/ folder). */
  contractsDir?: string;
  /** Seed for a fault plan that has none. */
  seed?: number;
  faults?: FaultPlan;
}

/** A running simulator. */
export interface RunningSim {
  urls: {
    atlas: string;
    arm: string;
    login: string;
    /**
     * The Entra ID authority host over HTTPS, in login.microsoftonline.com's layout: `{loginHttps}/{tenant}/oauth2/v2.0/token`
     * (MSAL, the Azure SDKs and `az` refuse a plain-http authority, and read the tenant from the first path segment).
     */
    loginHttps: string;
    /** Azure Resource Manager over HTTPS (the SDKs refuse to send a bearer token over http). */
    armHttps: string;
    /** Template with `{vaultName}`. */
    keyVault: string;
    /** Key Vault data plane over HTTPS; template with `{vaultName}`. */
    keyVaultHttps: string;
    /**
     * A vault by host name, as the Key Vault SDKs and `az` build it: `https://{vaultName}.vault.localhost:HTTPS_PORT`.
     * Nothing resolves it: reach it through `vaultProxy` (`HTTPS_PROXY`, with `NO_PROXY=127.0.0.1`).
     */
    keyVaultByName: string;
    /** The CONNECT proxy (the plain-http listener) that reaches `keyVaultByName` hosts, and nothing else. */
    vaultProxy: string;
    /** The Atlas Admin API over HTTPS (same world as `atlas`). */
    atlasHttps: string;
    control: string;
  };
  port: number;
  /** Port of the HTTPS listener. */
  httpsPort: number;
  /**
   * The HTTPS listener's certificate, generated for this run (a self-signed leaf for localhost, 127.0.0.1 and ::1;
   * its key stays owner-only in the same temp folder, removed by `close`). Trust it per process:
   * `NODE_EXTRA_CA_CERTS`, `REQUESTS_CA_BUNDLE`.
   */
  caCertificatePath: string;
  /** Stops listening, drops open connections and flushes the state file. */
  close(): Promise<void>;
  /** Advances simulated time (and settles every state machine). */
  advance(seconds: number): Promise<void>;
  requestLog(): SimRequestLogEntry[];
  contractViolations(): string[];
  /** Conformance mode: request bodies the simulator received that break the contract (a client's mistakes). */
  requestViolations(): string[];
  setFaults(plan: FaultPlan): void;
  /** The world, secrets redacted. */
  state(): unknown;
}
