// GET /api/traffic through app.inject on a real embedded store: the counters the redirect path
// keeps, the settings in force and the sync state, behind the admin token.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createTraffic } from '../../src/metrics/traffic.js'
import { auth, buildTestApp, video, type TestApp } from '../helpers/app.js'

describe('traffic API', () => {
  let t: TestApp
  const traffic = createTraffic()

  before(async () => { t = await buildTestApp({ traffic }) })
  after(async () => { await t.close() })

  const read = async () => await t.app.inject({ url: '/api/traffic', headers: auth })

  it('refuses a request without the admin token with 401 problem+json', async () => {
    const response = await t.app.inject({ url: '/api/traffic' })
    assert.equal(response.statusCode, 401)
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
  })

  it('reports zero counts, the settings in force and a connected store before any traffic', async () => {
    const response = await read()
    assert.equal(response.statusCode, 200)
    assert.equal(response.headers['cache-control'], 'no-store')
    const body = response.json()
    assert.deepEqual(body.counts, { cdn: 0, origin: 0, rejected: {} })
    assert.deepEqual(body.settings, { version: 1, ratio: { cdn: 9, origin: 1 } })
    assert.equal(body.store.connected, true)
    assert.equal(body.store.lastError, null)
    assert.ok(Date.parse(body.store.lastSyncAt) <= Date.parse(body.at))
  })

  it('counts every redirect by target and every refusal by reason', async () => {
    for (let i = 0; i < 20; i++) await t.app.inject({ url: video(`http://s1.origin-cluster/v/${i}.m3u8`) })
    await t.app.inject({ url: video('http://evil.example.com/v.m3u8') })
    await t.app.inject({ url: '/' })
    await t.app.inject({ url: '/' })
    assert.deepEqual((await read()).json().counts, { cdn: 18, origin: 2, rejected: { 'bad-host': 1, missing: 2 } })
  })

  it('reports the settings version a write made current', async () => {
    await t.app.inject({ method: 'PATCH', url: '/api/settings', headers: auth, payload: { ratio: { cdn: 1, origin: 1 } } })
    assert.deepEqual((await read()).json().settings, { version: 2, ratio: { cdn: 1, origin: 1 } })
  })
})
