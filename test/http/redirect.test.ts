// The redirect path over real HTTP (the node:http fast path) and through app.inject (Fastify's
// route): both must give the same answers.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { auth, buildTestApp, video, type TestApp } from '../helpers/app.js'

const VIDEO = 'http://s1.origin-cluster/video/1488/xcg2djHckad.m3u8'

describe('redirects', () => {
  let t: TestApp
  let base: string

  before(async () => {
    t = await buildTestApp()
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })
  after(async () => { await t.close() })

  const get = async (path: string, method = 'GET'): Promise<Response> => await fetch(base + path, { method, redirect: 'manual' })

  it('sends the first nine requests to the CDN and every 10th to origin', async () => {
    const locations: string[] = []
    for (let i = 0; i < 20; i++) {
      const response = await get(`/?video=${VIDEO}`)
      assert.equal(response.status, 301)
      assert.equal(response.headers.get('cache-control'), 'no-store')
      locations.push(response.headers.get('location') ?? '')
    }
    const cdn = 'http://cdn.example.com/s1/video/1488/xcg2djHckad.m3u8'
    assert.deepEqual(locations, [...Array(9).fill(cdn), VIDEO, ...Array(9).fill(cdn), VIDEO])
  })

  it('keeps the scheme, path and percent-encoded query string of the video URL', async () => {
    await t.app.inject({ method: 'PATCH', url: '/api/settings', headers: auth, payload: { ratio: { cdn: 1, origin: 0 } } })
    const response = await get('/?video=https%3A%2F%2Fs3.origin-cluster%2Fv%2F1.m3u8%3Ftoken%3Dabc%26x%3D1')
    assert.equal(response.headers.get('location'), 'https://cdn.example.com/s3/v/1.m3u8?token=abc&x=1')
  })

  it('answers HEAD like GET, with no body', async () => {
    const response = await get(video(VIDEO), 'HEAD')
    assert.equal(response.status, 301)
    assert.equal(response.headers.get('location'), 'http://cdn.example.com/s1/video/1488/xcg2djHckad.m3u8')
    assert.equal(await response.text(), '')
  })

  const refused: Array<[string, string]> = [
    ['no video argument', '/'],
    ['an empty video argument', '/?video='],
    ['a repeated video argument', `/?video=${VIDEO}&video=${VIDEO}`],
    ['not a URL', '/?video=hello'],
    ['an ftp URL', '/?video=ftp://s1.origin-cluster/x'],
    ['a javascript URL', '/?video=javascript:alert(1)'],
    ['a scheme-relative URL', '/?video=//evil.com/x'],
    ['a foreign host', '/?video=http://evil.com/video/1.m3u8'],
    ['a look-alike host', '/?video=http://s1.origin-cluster.evil.com/x'],
    ['credentials before a foreign host', '/?video=http://evil.com@s1.origin-cluster/x'],
    ['a host hidden behind credentials', '/?video=http://s1.origin-cluster@evil.com/x'],
    ['a URL longer than 2048 characters', video(`http://s1.origin-cluster/${'a'.repeat(2048)}`)],
    ['a dot segment', video('http://s1.origin-cluster/a/../b')],
    ['an encoded line break', '/?video=http://s1.origin-cluster/a%0d%0aSet-Cookie:x']
  ]
  for (const [what, path] of refused) {
    it(`refuses ${what} with 400 problem+json and no Location`, async () => {
      const response = await get(path)
      assert.equal(response.status, 400)
      assert.equal(response.headers.get('location'), null)
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/)
      const body = await response.json() as Record<string, unknown>
      assert.equal(body.status, 400)
      assert.equal(body.title, 'Bad Request')
      assert.match(String(body.type), /^urn:balancer:problem:video-/)
      assert.ok(String(body.detail).length > 10)
    })
  }

  it('does not count refused requests in the split', async () => {
    await t.app.inject({ method: 'PUT', url: '/api/settings', headers: auth, payload: { cdnHost: 'cdn.example.com', ratio: { cdn: 1, origin: 1 } } })
    const targets: string[] = []
    for (let i = 0; i < 4; i++) {
      await get('/?video=http://evil.com/x')
      targets.push((await get(video(VIDEO))).headers.get('location') === VIDEO ? 'origin' : 'cdn')
    }
    assert.deepEqual(targets, ['cdn', 'origin', 'cdn', 'origin'])
  })

  it('gives the same answer through Fastify routing (app.inject) as on the fast path', async () => {
    const injected = await t.app.inject({ method: 'GET', url: '/?video=http://evil.com/x' })
    const direct = await get('/?video=http://evil.com/x')
    assert.equal(injected.statusCode, 400)
    assert.deepEqual(injected.json(), await direct.json())
    const redirected = await t.app.inject({ method: 'GET', url: video(VIDEO) })
    assert.equal(redirected.statusCode, 301)
    assert.match(redirected.headers.location as string, /^http:\/\/(cdn\.example\.com\/s1|s1\.origin-cluster)\/video\/1488\/xcg2djHckad\.m3u8$/)
  })

  it('answers other methods on / with 405 and an Allow header', async () => {
    const response = await get('/', 'POST')
    assert.equal(response.status, 405)
    assert.equal(response.headers.get('allow'), 'GET, HEAD')
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/)
  })

  it('answers unknown paths with 404 problem+json', async () => {
    const response = await get('/video.m3u8')
    assert.equal(response.status, 404)
    assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/)
    assert.equal((await response.json() as { code: string }).code, 'not-found')
  })
})

describe('redirect configuration', () => {
  it('uses the configured status code, origin domain and server label pattern', async () => {
    const t = await buildTestApp({ env: { REDIRECT_STATUS: '307', ORIGIN_DOMAIN: 'media.example.org', ORIGIN_LABEL_PATTERN: 'edge-[a-z]+', CDN_HOST: 'cdn.test:8443' } })
    try {
      const ok = await t.app.inject({ url: video('https://edge-ams.media.example.org/a.mp4') })
      assert.equal(ok.statusCode, 307)
      assert.equal(ok.headers.location, 'https://cdn.test:8443/edge-ams/a.mp4')
      const refused = await t.app.inject({ url: video('https://s1.origin-cluster/a.mp4') })
      assert.equal(refused.statusCode, 400)
    } finally {
      await t.close()
    }
  })
})
