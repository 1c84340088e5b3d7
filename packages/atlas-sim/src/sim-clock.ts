/**
 * Simulated time. Real mode: simulated time advances `timeScale` times faster than the wall clock.
 * Manual mode: it moves only through `advance`. Both accept explicit advances.
 */
export class SimClock {
  private anchorRealMs: number;
  private anchorSimMs: number;

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

  /** Moves simulated time forward by `seconds` (negative values are refused). */
  advance(seconds: number): void {
    if (!(seconds >= 0)) throw new RangeError(`cannot advance the clock by ${seconds} seconds`);
    const now = this.now();
    this.anchorRealMs = this.realNow();
    this.anchorSimMs = now + seconds * 1000;
  }
}
