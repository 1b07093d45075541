// The exact cdn:origin sequence. For ratio c:o, request k (counted from 1) goes to origin
// exactly when floor(k*o/(c+o)) > floor((k-1)*o/(c+o)): spread evenly, never in bursts.
import type { Ratio } from '../settings/settings.js'

export type Target = 'cdn' | 'origin'

/** The closed formula; the splitter below must agree with it for every k. */
export function isOriginRequest (k: number, ratio: Ratio): boolean {
  const total = ratio.cdn + ratio.origin
  return Math.floor((k * ratio.origin) / total) > Math.floor(((k - 1) * ratio.origin) / total)
}

export interface Splitter {
  next(): Target
}

/**
 * The same sequence without multiplication: the remainder of k*o mod (c+o) is carried
 * from one request to the next, so the counter never grows and never loses precision,
 * however many requests a process serves.
 */
export function createSplitter (ratio: Ratio): Splitter {
  const total = ratio.cdn + ratio.origin
  const step = ratio.origin
  let remainder = 0
  return {
    next () {
      remainder += step
      if (remainder >= total) {
        remainder -= total
        return 'origin'
      }
      return 'cdn'
    }
  }
}
