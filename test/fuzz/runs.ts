// How much the fuzz tests run, on their own so that a test can read it without building the
// arbitraries of entryPoints.ts (a binary string arbitrary takes seconds to set up).

/** How many cases each property runs: small in `npm test`, large in `npm run fuzz` (FUZZ_RUNS). */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS) || 0;
export function runs(quick: number): number {
  return FUZZ_RUNS > 0 ? FUZZ_RUNS : quick;
}
/** A fixed seed keeps `npm test` reproducible; FUZZ_SEED explores others. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED) || 20240611;
