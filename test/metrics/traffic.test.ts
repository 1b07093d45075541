import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createTraffic, sumTraffic } from '../../src/metrics/traffic.js'
import { buildTestApp } from '../helpers/app.js'

describe('traffic counters', () => {
  it('counts redirects by target and refusals by reason', () => {
    const traffic = createTraffic()
    traffic.onRedirect('cdn')
    traffic.onRedirect('cdn')
    traffic.onRedirect('origin')
    traffic.onReject('bad-host')
    assert.deepEqual(traffic.counts(), { cdn: 2, origin: 1, rejected: { 'bad-host': 1 } })
  })

  it('hands out a copy, so a reader cannot change the counts', () => {
    const traffic = createTraffic()
    traffic.onReject('missing')
    const counts = traffic.counts()
    traffic.onReject('missing')
    assert.deepEqual(counts.rejected, { missing: 1 })
  })

  it('adds up the counts of several workers, reason by reason', () => {
    assert.deepEqual(sumTraffic([
      { cdn: 9, origin: 1, rejected: { missing: 2 } },
      { cdn: 18, origin: 2, rejected: { missing: 1, 'bad-host': 4 } },
      { cdn: 0, origin: 0, rejected: {} }
    ]), { cdn: 27, origin: 3, rejected: { missing: 3, 'bad-host': 4 } })
  })

  it('counts exactly what the redirect path answered', async () => {
    const traffic = createTraffic()
    const t = await buildTestApp({ traffic })
    try {
      for (let i = 0; i < 20; i++) await t.app.inject({ url: '/?video=http://s1.origin-cluster/a.m3u8' })
      for (let i = 0; i < 3; i++) await t.app.inject({ url: '/?video=http://evil.com/a.m3u8' })
      await t.app.inject({ url: '/' })
      assert.deepEqual(traffic.counts(), { cdn: 18, origin: 2, rejected: { 'bad-host': 3, missing: 1 } })
    } finally {
      await t.close()
    }
  })
})
