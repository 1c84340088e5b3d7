/**
 * Simulated time. Real mode: simulated time advances `timeScale` times faster than the wall clock.
 * Manual mode: it moves only through `advance`. Both accept explicit advances.
 *
 * Credentials live on a second timeline, `authNow`: the wall clock plus every explicit advance. A time scale or
 * injected latency therefore never ages a nonce or a token (real services do not age them faster for slow
 * requests), while a test that advances the clock past a lifetime still sees the credential expire.
 */
export class SimClock {
  private anchorRealMs: number;
  private anchorSimMs: number;
  private advancedMs = 0;

  constructor(
    startSimMs: number,
    private readonly timeScale: number,
    private readonly manual: boolean,
    private readonly realNow: () => number = Date.now,
  ) {
    this.anchorRealMs = realNow();
    this.anchorSimMs = startSimMs;
  }

  /** Current simulated time in epoch milliseconds. */
  now(): number {
    if (this.manual) return this.anchorSimMs;
    return Math.floor(this.anchorSimMs + (this.realNow() - this.anchorRealMs) * this.timeScale);
  }

  /** The time credentials are checked against (epoch ms): the wall clock plus explicit advances. */
  authNow(): number {
    return this.realNow() + this.advancedMs;
  }

  /** Moves simulated time (and the credentials' time) forward by `seconds` (negative values are refused). */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`cannot advance the clock by ${seconds} seconds`);
    const now = this.now();
    this.anchorRealMs = this.realNow();
    this.anchorSimMs = now + seconds * 1000;
    this.advancedMs += seconds * 1000;
  }
}
