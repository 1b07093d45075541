// Pure arithmetic on the polled counters: the last minutes of samples, rates over a window and
// the per-interval series the chart draws. The server only keeps running totals.
import type { TrafficReport } from './api.js'

export interface Sample {
  /** Server time of the reading, in ms. */
  readonly at: number
  readonly cdn: number
  readonly origin: number
  readonly rejected: number
}

export interface Rates { readonly cdn: number, readonly origin: number, readonly rejected: number }

export const KEEP_MS = 5 * 60_000

export function toSample (report: TrafficReport): Sample {
  const rejected = Object.values(report.counts.rejected).reduce((sum, n) => sum + n, 0)
  return { at: Date.parse(report.at), cdn: report.counts.cdn, origin: report.counts.origin, rejected }
}

/**
 * Appends a sample and drops those older than keepMs. A sample no newer than the last is ignored;
 * counters that went back (the service restarted) start the series afresh.
 */
export function addSample (samples: readonly Sample[], sample: Sample, keepMs = KEEP_MS): readonly Sample[] {
  const last = samples.at(-1)
  if (last === undefined) return [sample]
  if (sample.at <= last.at) return samples
  if (sample.cdn < last.cdn || sample.origin < last.origin || sample.rejected < last.rejected) return [sample]
  return [...samples.filter((s) => s.at >= sample.at - keepMs), sample]
}

/** Requests per second over the last windowMs (from the oldest sample inside it); undefined before two samples. */
export function ratesOver (samples: readonly Sample[], windowMs: number): Rates | undefined {
  const last = samples.at(-1)
  if (last === undefined) return undefined
  const first = samples.find((s) => s.at >= last.at - windowMs)
  if (first === undefined || first === last) return undefined
  return between(first, last)
}

/** Requests per second between each pair of neighbouring samples, stamped with the later one's time. */
export function series (samples: readonly Sample[]): Array<Rates & { readonly at: number }> {
  return samples.slice(1).map((sample, i) => ({ at: sample.at, ...between(samples[i] ?? sample, sample) }))
}

function between (a: Sample, b: Sample): Rates {
  const seconds = (b.at - a.at) / 1000
  if (seconds <= 0) return { cdn: 0, origin: 0, rejected: 0 }
  return { cdn: (b.cdn - a.cdn) / seconds, origin: (b.origin - a.origin) / seconds, rejected: (b.rejected - a.rejected) / seconds }
}
