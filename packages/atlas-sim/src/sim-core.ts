import { randomBytes } from 'node:crypto';
import type { ContractValidator } from './contract-validator.js';
import { createWorld } from './create-world.js';
import { DigestAuthenticator } from './digest-auth.js';
import { FaultInjector, type FaultPlan } from './faults.js';
import type { SimFixture } from './fixture-types.js';
import { settleWorld } from './lifecycle.js';
import { RateLimiter } from './rate-limit.js';
import type { SimRequestLogEntry } from './request-log.js';
import type { SimClock } from './sim-clock.js';
import type { World } from './world-types.js';

/** The mutable heart of one running simulator: world, clock, faults, logs. Never shared between simulators. */
export class SimCore {
  world: World;
  fixture: SimFixture;
  faults: FaultInjector | undefined;
  readonly log: SimRequestLogEntry[] = [];
  readonly violations: string[] = [];
  /** Request bodies that broke the contract (conformance mode): problems of the client, not of the simulator. */
  readonly requestViolations: string[] = [];
  readonly rateLimiter: RateLimiter;
  readonly digest = new DigestAuthenticator(randomBytes(32).toString('hex'));
  private seq = 0;

  constructor(
    world: World,
    fixture: SimFixture,
    readonly clock: SimClock,
    readonly validator: ContractValidator | undefined,
    faults: FaultPlan | undefined,
    private readonly onChange: () => void,
  ) {
    this.world = world;
    this.fixture = fixture;
    this.faults = faults ? new FaultInjector(faults) : undefined;
    this.rateLimiter = new RateLimiter(() => this.world.rateLimits);
  }

  /** Simulated now, after bringing every state machine up to it. */
  settle(): number {
    const now = this.clock.now();
    if (settleWorld(this.world, now)) this.onChange();
    return now;
  }

  /** Persists the world (debounced by the state writer). */
  changed(): void {
    this.onChange();
  }

  /** Replaces the world with the fixture's initial world (the clock keeps running). */
  reset(fixture?: SimFixture): void {
    if (fixture) this.fixture = fixture;
    this.world = createWorld({ ...this.fixture, start: new Date(this.clock.now()).toISOString() }, this.clock.now());
    this.rateLimiter.clear();
    this.log.length = 0;
    this.violations.length = 0;
    this.requestViolations.length = 0;
    this.onChange();
  }

  /** Installs (or clears) a fault plan; the PRNG restarts from the plan's seed. */
  setFaults(plan: FaultPlan | undefined): void {
    this.faults = plan ? new FaultInjector(plan) : undefined;
  }

  /** Appends to the request log. */
  record(entry: Omit<SimRequestLogEntry, 'seq'>): void {
    this.seq += 1;
    this.log.push({ seq: this.seq, ...entry });
    if (this.log.length > 10_000) this.log.splice(0, this.log.length - 10_000);
  }
}
