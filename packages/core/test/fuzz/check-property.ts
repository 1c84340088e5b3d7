import fc from 'fast-check';

/** Longest excerpt of a counterexample shown in a failure: a generated file can be megabytes long. */
const EXCERPT = 1_500;

function excerpt(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > 200 ? `${v.slice(0, 200)}… (${v.length} characters)` : v,
  );
  return text.length > EXCERPT ? `${text.slice(0, EXCERPT)}…` : text;
}

/**
 * `fc.assert` for an async property, with a failure message short enough to read: the seed and path to
 * replay it, the error, and an excerpt of the (shrunk) counterexample.
 */
export async function checkProperty<T>(property: fc.IAsyncPropertyWithHooks<T>, numRuns: number): Promise<void> {
  const result = await fc.check(property, { numRuns, seed: seedFromEnv() });
  if (!result.failed) return;
  const error =
    result.errorInstance instanceof Error
      ? (result.errorInstance.stack ?? result.errorInstance.message)
          .split('\n')
          .filter((line, i, all) => i === 0 || line !== all[i - 1])
          .slice(0, 16)
          .join('\n')
      : String(result.errorInstance);
  throw new Error(
    `property failed after ${result.numRuns} runs (replay with FUZZ_SEED=${result.seed}, path ${result.counterexamplePath ?? '?'}): ${error}\n` +
      `counterexample: ${excerpt(result.counterexample)}`,
  );
}

function seedFromEnv(): number | undefined {
  const seed = process.env.FUZZ_SEED;
  return seed === undefined || seed === '' ? undefined : Number(seed);
}
