// What a load run counts, whichever client drives it: statuses, CDN and origin Locations, and
// latencies to the microsecond (autocannon's own histogram has 1 ms resolution: too coarse here).
import { createHistogram } from 'node:perf_hooks'
import { CDN_HOST } from './requests.js'

export interface LoadResult {
  readonly requestsPerSecond: number
  readonly total: number
  /** Milliseconds. */
  readonly latency: { readonly p50: number, readonly p99: number, readonly max: number }
  readonly errors: number
  readonly status3xx: number
  readonly status4xx: number
  readonly non3xx: number
  /** Redirects whose Location is the CDN or an origin server. */
  readonly cdn: number
  readonly origin: number
}

export interface Tally {
  response(status: number, ms: number): void
  location(value: string): void
  error(): void
  result(seconds: number): LoadResult
}

const CDN_PREFIX = `http://${CDN_HOST}/`

export function createTally (): Tally {
  const latency = createHistogram()
  const byClass = [0, 0, 0, 0, 0, 0]
  let errors = 0
  let cdn = 0
  let origin = 0
  return {
    response (status, ms) {
      const statusClass = Math.floor(status / 100)
      byClass[statusClass] = (byClass[statusClass] ?? 0) + 1
      latency.record(Math.max(1, Math.round(ms * 1000)))
    },
    location (value) {
      if (value.startsWith(CDN_PREFIX)) cdn++
      else origin++
    },
    error () { errors++ },
    result (seconds) {
      const total = byClass.reduce((sum, n) => sum + n, 0)
      const status3xx = byClass[3] ?? 0
      return {
        requestsPerSecond: Math.round(total / seconds),
        total,
        latency: { p50: latency.percentile(50) / 1000, p99: latency.percentile(99) / 1000, max: latency.max / 1000 },
        errors,
        status3xx,
        status4xx: byClass[4] ?? 0,
        non3xx: total - status3xx,
        cdn,
        origin
      }
    }
  }
}
