// How big a fault scenario runs. `npm test` runs every scenario short (seconds each, no figures written);
// `npm run test:faults` runs them full and writes docs/reliability.md; `npm run test:faults -- --long`
// adds the soak and 100k+ fuzz sizes. The faults config sets FAULTS_MODE (vitest.faults.config.ts).
export type FaultsMode = 'short' | 'full' | 'long'

export function faultsMode (): FaultsMode {
  const mode = process.env.FAULTS_MODE
  return mode === 'full' || mode === 'long' ? mode : 'short'
}

/** The value for the current mode: `sized({ short: 200, full: 5_000, long: 100_000 })`. */
export function sized<T> (values: Record<FaultsMode, T>): T {
  return values[faultsMode()]
}
