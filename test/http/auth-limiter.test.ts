// Repeated failed authentications from one address are slowed down with 429 problem+json.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createFailureLimiter } from '../../src/http/auth-limiter.js'
import { auth, buildTestApp } from '../helpers/app.js'

describe('failed authentication limit', () => {
  it('answers 429 with Retry-After once an address has failed too often, even with a right token', async () => {
    const t = await buildTestApp({ env: { AUTH_FAILURE_LIMIT: '3', AUTH_FAILURE_WINDOW_MS: '60000' } })
    try {
      const wrong = { authorization: 'Bearer not-the-token-at-all' }
      for (let i = 0; i < 3; i++) assert.equal((await t.app.inject({ url: '/api/settings', headers: wrong })).statusCode, 401)
      for (const headers of [wrong, auth]) {
        const response = await t.app.inject({ url: '/api/settings', headers })
        assert.equal(response.statusCode, 429)
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8')
        assert.equal(response.json().code, 'too-many-failed-attempts')
        assert.ok(Number(response.headers['retry-after']) > 0 && Number(response.headers['retry-after']) <= 60)
      }
      const elsewhere = await t.app.inject({ url: '/api/settings', headers: auth, remoteAddress: '10.0.0.9' })
      assert.equal(elsewhere.statusCode, 200, 'another address is not affected')
    } finally {
      await t.close()
    }
  })

  it('lets an address try again when its window has ended', () => {
    let now = 0
    const limiter = createFailureLimiter({ max: 2, windowMs: 10_000, now: () => now })
    limiter.recordFailure('a')
    assert.equal(limiter.blockedFor('a'), 0)
    limiter.recordFailure('a')
    assert.equal(limiter.blockedFor('a'), 10)
    now = 9_001
    assert.equal(limiter.blockedFor('a'), 1)
    now = 10_000
    assert.equal(limiter.blockedFor('a'), 0)
  })

  it('remembers a bounded number of addresses', () => {
    const limiter = createFailureLimiter({ max: 1, windowMs: 10_000, now: () => 0, maxAddresses: 2 })
    for (const address of ['a', 'b', 'c']) limiter.recordFailure(address)
    assert.equal(limiter.blockedFor('a'), 0, 'the oldest was forgotten')
    assert.equal(limiter.blockedFor('c'), 10)
  })
})
