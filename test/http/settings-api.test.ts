// The settings API through app.inject on a real embedded store: every route, every error, and
// what is left in the database after a refused write.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { auth, buildTestApp, TOKEN, type TestApp } from '../helpers/app.js'

describe('settings API', () => {
  let t: TestApp

  before(async () => { t = await buildTestApp({ env: { ADMIN_TOKENS: 'alice:alice-token-0123456789' } }) })
  after(async () => { await t.close() })

  const send = async (method: 'GET' | 'PUT' | 'PATCH' | 'POST', url: string, payload?: unknown, headers: Record<string, string> = {}) =>
    await t.app.inject({ method, url, headers: { ...auth, ...headers }, ...(payload !== undefined && { payload: payload as object }) })

  it('returns the current settings with an ETag', async () => {
    const response = await send('GET', '/api/settings')
    assert.equal(response.statusCode, 200)
    const body = response.json()
    assert.deepEqual({ ...body, updatedAt: undefined }, { cdnHost: 'cdn.example.com', ratio: { cdn: 9, origin: 1 }, version: 1, updatedAt: undefined, updatedBy: 'init' })
    assert.ok(!Number.isNaN(Date.parse(body.updatedAt)))
    assert.equal(response.headers.etag, '"1"')
  })

  for (const [what, headers] of [['no Authorization header', {}], ['a wrong token', { authorization: 'Bearer nope' }], ['a non-Bearer scheme', { authorization: `Basic ${TOKEN}` }]] as const) {
    it(`refuses a request with ${what} with 401 problem+json`, async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/settings', headers })
      assert.equal(response.statusCode, 401)
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
      assert.equal(response.headers['www-authenticate'], 'Bearer realm="balancer"')
    })
  }

  it('replaces the settings with PUT as the next version', async () => {
    const response = await send('PUT', '/api/settings', { cdnHost: 'cdn2.example.com', ratio: { cdn: 3, origin: 2 } })
    assert.equal(response.statusCode, 200)
    assert.equal(response.json().version, 2)
    assert.equal(response.headers.etag, '"2"')
    assert.deepEqual(t.live.current().settings.ratio, { cdn: 3, origin: 2 })
  })

  it('changes one part with PATCH and records the token name as the actor', async () => {
    const response = await send('PATCH', '/api/settings', { cdnHost: 'CDN3.example.com:8443' }, { authorization: 'Bearer alice-token-0123456789' })
    assert.equal(response.statusCode, 200)
    assert.deepEqual({ ...response.json<object>(), updatedAt: undefined }, { cdnHost: 'cdn3.example.com:8443', ratio: { cdn: 3, origin: 2 }, version: 3, updatedAt: undefined, updatedBy: 'alice' })
  })

  it('applies a write to this instance before answering, so the next redirect follows it', async () => {
    await send('PATCH', '/api/settings', { ratio: { cdn: 0, origin: 1 } })
    const response = await t.app.inject({ url: '/?video=http://s1.origin-cluster/a.m3u8' })
    assert.equal(response.headers.location, 'http://s1.origin-cluster/a.m3u8')
  })

  it('writes when If-Match holds the current ETag and refuses a stale one with 412', async () => {
    const current = await send('GET', '/api/settings')
    const fresh = await send('PATCH', '/api/settings', { ratio: { cdn: 9, origin: 1 } }, { 'if-match': String(current.headers.etag) })
    assert.equal(fresh.statusCode, 200)
    const stale = await send('PATCH', '/api/settings', { ratio: { cdn: 1, origin: 1 } }, { 'if-match': String(current.headers.etag) })
    assert.equal(stale.statusCode, 412)
    assert.equal(stale.json().code, 'version-conflict')
    assert.equal(stale.headers.etag, fresh.headers.etag)
    assert.deepEqual((await t.store.read()).ratio, { cdn: 9, origin: 1 })
  })

  const invalid: Array<[string, string, unknown, Record<string, string>?]> = [
    ['an empty PATCH body', 'PATCH', {}],
    ['half a ratio', 'PATCH', { ratio: { cdn: 1 } }],
    ['an unknown field', 'PATCH', { cdnHost: 'a.example.com', colour: 'red' }],
    ['a CDN host with a scheme', 'PATCH', { cdnHost: 'http://cdn.example.com' }],
    ['a CDN host with a path', 'PATCH', { cdnHost: 'cdn.example.com/x' }],
    ['a CDN host with credentials', 'PATCH', { cdnHost: 'user@cdn.example.com' }],
    ['a CDN host with port 0', 'PATCH', { cdnHost: 'cdn.example.com:0' }],
    ['a negative weight', 'PATCH', { ratio: { cdn: -1, origin: 1 } }],
    ['a fractional weight', 'PATCH', { ratio: { cdn: 1.5, origin: 1 } }],
    ['a weight over 1,000,000', 'PATCH', { ratio: { cdn: 1_000_001, origin: 1 } }],
    ['a weight given as a string', 'PATCH', { ratio: { cdn: '9', origin: 1 } }],
    ['ratio 0:0', 'PUT', { cdnHost: 'cdn.example.com', ratio: { cdn: 0, origin: 0 } }],
    ['a PUT without the ratio', 'PUT', { cdnHost: 'cdn.example.com' }],
    ['malformed JSON', 'PATCH', '{"cdnHost":', { 'content-type': 'application/json' }],
    ['a text/plain body', 'PATCH', 'cdnHost=x', { 'content-type': 'text/plain' }],
    ['a JSON array', 'PATCH', [1, 2]],
    ['a rollback to version 0', 'POST', { version: 0 }]
  ]
  for (const [what, method, payload, headers] of invalid) {
    it(`refuses ${what} with 400 problem+json and leaves the stored settings as they were`, async () => {
      const before = await t.store.read()
      const historyBefore = await t.store.history(1000)
      const url = method === 'POST' ? '/api/settings/rollback' : '/api/settings'
      const response = await t.app.inject({ method, url, headers: { ...auth, ...headers }, payload: payload as string })
      assert.equal(response.statusCode, 400, response.body)
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/)
      const body = response.json()
      assert.equal(body.status, 400)
      assert.ok(body.detail.length > 5)
      assert.deepEqual(await t.store.read(), before)
      assert.deepEqual(await t.store.history(1000), historyBefore)
      assert.equal(t.live.current().settings.version, before.version)
    })
  }

  it('lists the history newest first', async () => {
    const response = await send('GET', '/api/settings/history')
    assert.equal(response.statusCode, 200)
    const versions = response.json().versions as Array<{ version: number, action: string }>
    assert.deepEqual(versions.map((entry) => entry.version), [5, 4, 3, 2, 1])
    assert.equal(versions.at(-1)?.action, 'init')
    const limited = await send('GET', '/api/settings/history?limit=2')
    assert.equal(limited.json().versions.length, 2)
  })

  it('rolls back to an earlier version as a new version', async () => {
    const response = await send('POST', '/api/settings/rollback', { version: 2 })
    assert.equal(response.statusCode, 200)
    assert.deepEqual({ cdnHost: response.json().cdnHost, ratio: response.json().ratio, version: response.json().version }, { cdnHost: 'cdn2.example.com', ratio: { cdn: 3, origin: 2 }, version: 6 })
    const [latest] = (await send('GET', '/api/settings/history?limit=1')).json().versions
    assert.deepEqual({ action: latest.action, sourceVersion: latest.sourceVersion }, { action: 'rollback', sourceVersion: 2 })
  })

  it('answers 404 for a rollback to an unknown version and changes nothing', async () => {
    const before = await t.store.read()
    const response = await send('POST', '/api/settings/rollback', { version: 999 })
    assert.equal(response.statusCode, 404)
    assert.equal(response.json().code, 'unknown-version')
    assert.deepEqual(await t.store.read(), before)
  })

  it('answers 405 for a method the route does not have', async () => {
    const response = await t.app.inject({ method: 'DELETE', url: '/api/settings', headers: auth })
    assert.equal(response.statusCode, 405)
    assert.equal(response.headers.allow, 'GET, HEAD, PUT, PATCH')
  })

  it('lands every one of many concurrent writes, each with its own version', async () => {
    const start = (await t.store.read()).version
    const responses = await Promise.all(Array.from({ length: 15 }, async (_, i) => await send('PATCH', '/api/settings', { ratio: { cdn: i + 1, origin: 1 } })))
    assert.deepEqual(responses.map((r) => r.json().version).sort((a, b) => a - b), Array.from({ length: 15 }, (_, i) => start + i + 1))
    assert.equal(t.live.current().settings.version, start + 15)
  })
})
