// The cdn:origin sequence: the closed formula, the incremental splitter, and that they agree.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { createSplitter, isOriginRequest, type Target } from '../../src/balancer/split.js'
import type { Ratio } from '../../src/settings/settings.js'

/** The 1-based request numbers, among the first `count`, that the splitter sends to origin. */
function originRequests (ratio: Ratio, count: number): number[] {
  const splitter = createSplitter(ratio)
  const hits: number[] = []
  for (let k = 1; k <= count; k++) if (splitter.next() === 'origin') hits.push(k)
  return hits
}

const examples: Array<{ name: string, ratio: Ratio, count: number, origin: number[] }> = [
  { name: 'sends every 10th request to origin at 9:1', ratio: { cdn: 9, origin: 1 }, count: 40, origin: [10, 20, 30, 40] },
  { name: 'sends requests 3, 5, 8 and 10 of every 10 to origin at 3:2', ratio: { cdn: 3, origin: 2 }, count: 20, origin: [3, 5, 8, 10, 13, 15, 18, 20] },
  { name: 'alternates at 1:1, starting with the CDN', ratio: { cdn: 1, origin: 1 }, count: 6, origin: [2, 4, 6] },
  { name: 'sends every request to the CDN at 5:0', ratio: { cdn: 5, origin: 0 }, count: 1000, origin: [] },
  { name: 'sends every request to the CDN at 1:0', ratio: { cdn: 1, origin: 0 }, count: 100, origin: [] },
  { name: 'sends every request to origin at 0:3', ratio: { cdn: 0, origin: 3 }, count: 5, origin: [1, 2, 3, 4, 5] },
  { name: 'sends every request to origin at 0:1', ratio: { cdn: 0, origin: 1 }, count: 3, origin: [1, 2, 3] }
]

describe('createSplitter', () => {
  for (const { name, ratio, count, origin } of examples) {
    it(name, () => {
      assert.deepEqual(originRequests(ratio, count), origin)
    })
  }

  it('gives each splitter its own sequence', () => {
    const a = createSplitter({ cdn: 1, origin: 1 })
    const b = createSplitter({ cdn: 1, origin: 1 })
    const seen: Target[] = [a.next(), a.next(), b.next(), a.next(), b.next()]
    assert.deepEqual(seen, ['cdn', 'origin', 'cdn', 'cdn', 'origin'])
  })

  it('stays exact after 3 million requests at 999999:1', () => {
    const splitter = createSplitter({ cdn: 999_999, origin: 1 })
    const hits: number[] = []
    for (let k = 1; k <= 3_000_000; k++) if (splitter.next() === 'origin') hits.push(k)
    assert.deepEqual(hits, [1_000_000, 2_000_000, 3_000_000])
  })

  it('stays exact after 3 million requests at 1:999999', () => {
    const splitter = createSplitter({ cdn: 1, origin: 999_999 })
    const hits: number[] = []
    for (let k = 1; k <= 3_000_000; k++) if (splitter.next() === 'cdn') hits.push(k)
    assert.deepEqual(hits, [1, 1_000_001, 2_000_001])
  })
})

describe('isOriginRequest', () => {
  it('matches the 9:1 and 3:2 examples', () => {
    const nine = { cdn: 9, origin: 1 }
    const three = { cdn: 3, origin: 2 }
    assert.deepEqual([9, 10, 11, 20].map((k) => isOriginRequest(k, nine)), [false, true, false, true])
    assert.deepEqual([1, 2, 3, 4, 5].map((k) => isOriginRequest(k, three)), [false, false, true, false, true])
  })

  it('is exact for request numbers far beyond a process lifetime', () => {
    const ratio = { cdn: 999_999, origin: 1 }
    assert.equal(isOriginRequest(1_000_000_000_000, ratio), true)
    assert.equal(isOriginRequest(1_000_000_000_001, ratio), false)
    assert.equal(isOriginRequest(999_999_999_999, ratio), false)
  })
})

const smallWeight = fc.integer({ min: 0, max: 1000 })
const largeWeight = fc.integer({ min: 0, max: 1_000_000 })
const ratioOf = (weight: fc.Arbitrary<number>): fc.Arbitrary<Ratio> =>
  fc.record({ cdn: weight, origin: weight }).filter((ratio) => ratio.cdn + ratio.origin > 0)

describe('splitter properties', () => {
  for (const [size, ratios, runs] of [['small', ratioOf(smallWeight), 200], ['large', ratioOf(largeWeight), 50]] as const) {
    it(`agrees with the closed formula for the first 3000 requests (${size} weights)`, () => {
      fc.assert(fc.property(ratios, (ratio) => {
        const splitter = createSplitter(ratio)
        for (let k = 1; k <= 3000; k++) {
          const expected: Target = isOriginRequest(k, ratio) ? 'origin' : 'cdn'
          if (splitter.next() !== expected) return false
        }
        return true
      }), { numRuns: runs })
    })
  }

  it('sends exactly `origin` of any cdn+origin consecutive requests to origin (small weights)', () => {
    fc.assert(fc.property(ratioOf(smallWeight), fc.nat({ max: 5000 }), (ratio, offset) => {
      const splitter = createSplitter(ratio)
      for (let i = 0; i < offset; i++) splitter.next()
      let origin = 0
      for (let i = 0; i < ratio.cdn + ratio.origin; i++) if (splitter.next() === 'origin') origin++
      assert.equal(origin, ratio.origin)
    }), { numRuns: 200 })
  })

  it('sends exactly `origin` of any cdn+origin consecutive requests to origin (large weights)', () => {
    fc.assert(fc.property(ratioOf(largeWeight), fc.nat({ max: 1_000_000 }), (ratio, offset) => {
      let origin = 0
      for (let k = offset + 1; k <= offset + ratio.cdn + ratio.origin; k++) if (isOriginRequest(k, ratio)) origin++
      assert.equal(origin, ratio.origin)
    }), { numRuns: 15 })
  })

  it('spreads origin requests evenly, never in bursts', () => {
    fc.assert(fc.property(ratioOf(smallWeight).filter((ratio) => ratio.origin > 0), (ratio) => {
      const total = ratio.cdn + ratio.origin
      const hits = originRequests(ratio, 3 * total)
      for (let i = 1; i < hits.length; i++) {
        const gap = (hits[i] ?? 0) - (hits[i - 1] ?? 0)
        assert.ok(gap === Math.floor(total / ratio.origin) || gap === Math.ceil(total / ratio.origin), `gap ${gap}`)
      }
    }), { numRuns: 200 })
  })
})
