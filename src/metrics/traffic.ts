// Plain counters of what the redirect path answered. Incrementing a number is all the hot path
// pays; Prometheus, the admin console and the cluster's aggregation read these counts.
import type { Target } from '../balancer/split.js'
import type { Rejection } from '../http/redirect.js'

export interface TrafficCounts {
  readonly cdn: number
  readonly origin: number
  /** Refused requests by reason (the problem code without its "video-" prefix). */
  readonly rejected: Readonly<Partial<Record<Rejection, number>>>
}

export interface Traffic {
  onRedirect(target: Target): void
  onReject(reason: Rejection): void
  counts(): TrafficCounts
}

export function createTraffic (): Traffic {
  let cdn = 0
  let origin = 0
  const rejected: Partial<Record<Rejection, number>> = {}
  return {
    onRedirect (target) {
      if (target === 'cdn') cdn++
      else origin++
    },
    onReject (reason) {
      rejected[reason] = (rejected[reason] ?? 0) + 1
    },
    counts: () => ({ cdn, origin, rejected: { ...rejected } })
  }
}

/** Adds up the counts of several processes (the workers of one service). */
export function sumTraffic (all: readonly TrafficCounts[]): TrafficCounts {
  const rejected: Partial<Record<Rejection, number>> = {}
  let cdn = 0
  let origin = 0
  for (const counts of all) {
    cdn += counts.cdn
    origin += counts.origin
    for (const [reason, n] of Object.entries(counts.rejected) as Array<[Rejection, number]>) rejected[reason] = (rejected[reason] ?? 0) + n
  }
  return { cdn, origin, rejected }
}
