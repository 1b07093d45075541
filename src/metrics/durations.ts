// Request durations counted into fixed buckets with plain numbers: recording one costs a short loop
// and no allocation, cheap enough for the redirect path. /metrics renders them as a histogram.

/** Upper bounds in seconds; a redirect takes microseconds, an API write milliseconds. */
export const DURATION_BUCKETS: readonly number[] = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

export interface DurationCounts {
  /** Count per bucket of DURATION_BUCKETS (not cumulative); the last entry is above every bound. */
  readonly buckets: readonly number[]
  readonly sum: number
  readonly count: number
}

export interface Durations {
  record(seconds: number): void
  counts(): DurationCounts
}

export function createDurations (): Durations {
  const buckets = new Array<number>(DURATION_BUCKETS.length + 1).fill(0)
  let sum = 0
  let count = 0
  return {
    record (seconds) {
      let i = 0
      while (i < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[i] ?? Infinity)) i++
      buckets[i] = (buckets[i] ?? 0) + 1
      sum += seconds
      count++
    },
    counts: () => ({ buckets: [...buckets], sum, count })
  }
}
