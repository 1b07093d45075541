// Validating an origin video URL: what is accepted and how it is split, what is refused and why,
// and that no accepted input can ever produce a Location to a third host.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { MAX_VIDEO_URL_LENGTH, parseVideoUrl, type OriginRules, type VideoUrl, type VideoUrlError } from '../../src/balancer/video-url.js'
import { buildLocation } from '../../src/balancer/location.js'

const rules: OriginRules = { domain: 'origin-cluster', labelPattern: /^(?:s[0-9]+)$/ }
const BASE = 'http://s1.origin-cluster/'

const good: Array<[string, VideoUrl]> = [
  ['http://s1.origin-cluster/video/1488/xcg2djHckad.m3u8', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/video/1488/xcg2djHckad.m3u8' }],
  ['http://s17.origin-cluster/v.m3u8', { scheme: 'http', label: 's17', authority: 's17.origin-cluster', rest: '/v.m3u8' }],
  ['https://s3.origin-cluster/v/1.m3u8?token=abc', { scheme: 'https', label: 's3', authority: 's3.origin-cluster', rest: '/v/1.m3u8?token=abc' }],
  ['HTTP://S1.ORIGIN-CLUSTER/Video/A.m3u8', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/Video/A.m3u8' }],
  ['HtTpS://s2.Origin-Cluster/x', { scheme: 'https', label: 's2', authority: 's2.origin-cluster', rest: '/x' }],
  ['http://s1.origin-cluster:8080/x', { scheme: 'http', label: 's1', authority: 's1.origin-cluster:8080', rest: '/x' }],
  ['http://s1.origin-cluster:1/x', { scheme: 'http', label: 's1', authority: 's1.origin-cluster:1', rest: '/x' }],
  ['https://s1.origin-cluster:65535/x', { scheme: 'https', label: 's1', authority: 's1.origin-cluster:65535', rest: '/x' }],
  ['http://s1.origin-cluster/x?a=1&b=2', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/x?a=1&b=2' }],
  ['http://s1.origin-cluster/x#frag', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/x' }],
  ['http://s1.origin-cluster/x?a=1#frag?b', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/x?a=1' }],
  ['http://s1.origin-cluster', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/' }],
  ['http://s1.origin-cluster/', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/' }],
  ['http://s1.origin-cluster#top', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/' }],
  ['http://s1.origin-cluster?x=1', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/?x=1' }],
  ['http://s1.origin-cluster:8080?x', { scheme: 'http', label: 's1', authority: 's1.origin-cluster:8080', rest: '/?x' }],
  ['http://s1.origin-cluster//a//b', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '//a//b' }],
  ['http://s1.origin-cluster/a%20b%2Fc%2e', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/a%20b%2Fc%2e' }],
  ['http://s1.origin-cluster/v/.../a..b/.m3u8', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/v/.../a..b/.m3u8' }],
  ['http://s1.origin-cluster/x?p=../../etc', { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/x?p=../../etc' }],
  ["http://s1.origin-cluster/~a-_!$&'()*+,;=:@[]", { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: "/~a-_!$&'()*+,;=:@[]" }],
  [BASE + 'a'.repeat(MAX_VIDEO_URL_LENGTH - BASE.length), { scheme: 'http', label: 's1', authority: 's1.origin-cluster', rest: '/' + 'a'.repeat(MAX_VIDEO_URL_LENGTH - BASE.length) }]
]

const bad: Array<[string, VideoUrlError]> = [
  ['', 'empty'],
  [BASE + 'a'.repeat(MAX_VIDEO_URL_LENGTH + 1 - BASE.length), 'too-long'],
  ['ftp://s1.origin-cluster/x', 'bad-scheme'],
  ['javascript:alert(1)', 'bad-scheme'],
  ['//evil.com/x', 'bad-scheme'],
  ['//s1.origin-cluster/x', 'bad-scheme'],
  ['http:/s1.origin-cluster/x', 'bad-scheme'],
  ['https:s1.origin-cluster/x', 'bad-scheme'],
  ['s1.origin-cluster/x', 'bad-scheme'],
  ['httpx://s1.origin-cluster/x', 'bad-scheme'],
  ['http://evil.com/x', 'bad-host'],
  ['http://s1.origin-cluster.evil.com/x', 'bad-host'],
  ['http://x.s1.origin-cluster/', 'bad-host'],
  ['http://origin-cluster/', 'bad-host'],
  ['http://.origin-cluster/', 'bad-host'],
  ['http://sX.origin-cluster/', 'bad-host'],
  ['http://s1a.origin-cluster/', 'bad-host'],
  ['http://s1.origin-cluster./', 'bad-host'],
  ['http://s1.origin-clusterx/', 'bad-host'],
  ['http://s1.evilorigin-cluster/', 'bad-host'],
  ['http://s1xorigin-cluster/', 'bad-host'],
  ['http://s1.origin-cluster%2eevil.com/', 'bad-host'],
  ['http:///x', 'bad-host'],
  ['http://[s1.origin-cluster]/', 'bad-host'],
  ['http://127.0.0.1/', 'bad-host'],
  ['http://evil.com@s1.origin-cluster/x', 'userinfo'],
  ['http://s1.origin-cluster@evil.com/', 'userinfo'],
  ['http://user:pass@s1.origin-cluster/', 'userinfo'],
  ['http://@s1.origin-cluster/', 'userinfo'],
  ['http://s1.origin-cluster:0/', 'bad-port'],
  ['http://s1.origin-cluster:65536/', 'bad-port'],
  ['http://s1.origin-cluster:abc/', 'bad-port'],
  ['http://s1.origin-cluster:/', 'bad-port'],
  ['http://s1.origin-cluster:123456/', 'bad-port'],
  ['http://s1.origin-cluster:80:80/', 'bad-port'],
  ['http://s1.origin-cluster/a/../b', 'dot-segment'],
  ['http://s1.origin-cluster/%2e%2e%2fx', 'dot-segment'],
  ['http://s1.origin-cluster/a%2F..%2F..%2Fs2/x', 'dot-segment'],
  ['http://s1.origin-cluster/a/./b', 'dot-segment'],
  ['http://s1.origin-cluster/%2e%2E/x', 'dot-segment'],
  ['http://s1.origin-cluster/.%2e/x', 'dot-segment'],
  ['http://s1.origin-cluster/%2E', 'dot-segment'],
  ['http://s1.origin-cluster/..', 'dot-segment'],
  ['http://s1.origin-cluster/a/..?x=1', 'dot-segment'],
  ['http://s1.origin-cluster/..#x', 'dot-segment'],
  ['http://s1.origin-cluster/a b', 'bad-character'],
  ['http://s1.origin-cluster/a\tb', 'bad-character'],
  ['http://s1.origin-cluster/a\r\nLocation: http://evil.com', 'bad-character'],
  ['http://s1.origin-cluster/a\nb', 'bad-character'],
  ['http://s1.origin-cluster/a\\b', 'bad-character'],
  ['http://s1.origin-cluster\\@evil.com/', 'bad-character'],
  ['http:\\\\evil.com', 'bad-character'],
  ['http://s1.origin-cluster/é', 'bad-character'],
  ['http://s1.origin-cluster/a\u0000', 'bad-character'],
  ['http://s1.origin-cluster/a\u007f', 'bad-character'],
  ['http://s1.origin-cluster/%zz', 'bad-character'],
  ['http://s1.origin-cluster/%2', 'bad-character'],
  ['http://s1.origin-cluster/"<>`{|}^', 'bad-character'],
  [' http://s1.origin-cluster/', 'bad-character']
]

describe('parseVideoUrl', () => {
  for (const [input, value] of good) {
    it(`accepts ${JSON.stringify(input.slice(0, 80))}`, () => {
      assert.deepEqual(parseVideoUrl(input, rules), { ok: true, value })
    })
  }

  for (const [input, error] of bad) {
    it(`refuses ${JSON.stringify(input.slice(0, 80))} as ${error}`, () => {
      assert.deepEqual(parseVideoUrl(input, rules), { ok: false, error })
    })
  }

  it('follows the configured domain and label pattern', () => {
    const other: OriginRules = { domain: 'videos.example.net', labelPattern: /^(?:edge-[a-z]+)$/ }
    assert.deepEqual(parseVideoUrl('https://edge-a.videos.example.net/x', other),
      { ok: true, value: { scheme: 'https', label: 'edge-a', authority: 'edge-a.videos.example.net', rest: '/x' } })
    assert.deepEqual(parseVideoUrl('http://s1.origin-cluster/x', other), { ok: false, error: 'bad-host' })
    assert.deepEqual(parseVideoUrl('http://edge-a.evil.example.net/x', other), { ok: false, error: 'bad-host' })
  })
})

/** Every Location built from an accepted input points at the origin server itself or at the CDN. */
function assertSafeLocations (input: string): void {
  const parsed = parseVideoUrl(input, rules)
  if (!parsed.ok) return
  const url = parsed.value
  const originHost = `${url.label}.origin-cluster`

  const origin = buildLocation(url, 'origin', 'cdn.example.com')
  assert.match(origin, /^[!-~]+$/, 'only printable ASCII: nothing that could split a header')
  assert.ok(origin.startsWith(`${url.scheme}://${originHost}`), origin)
  const originUrl = new URL(origin)
  assert.equal(originUrl.protocol, `${url.scheme}:`)
  assert.equal(originUrl.hostname, originHost)
  const port = url.authority.split(':')[1]
  const defaultPort = url.scheme === 'http' ? 80 : 443
  assert.equal(originUrl.port, port === undefined || Number(port) === defaultPort ? '' : String(Number(port)))

  const cdn = buildLocation(url, 'cdn', 'cdn.example.com')
  assert.match(cdn, /^[!-~]+$/)
  assert.ok(cdn.startsWith(`${url.scheme}://cdn.example.com/${url.label}/`), cdn)
  const cdnUrl = new URL(cdn)
  assert.equal(cdnUrl.host, 'cdn.example.com')
  assert.ok(cdnUrl.pathname.startsWith(`/${url.label}/`), `the CDN path stays in the server's folder: ${cdnUrl.pathname}`)
}

const prefix = fc.constantFrom('http://s1.origin-cluster', 'http://s1.origin-cluster/', 'https://s1.origin-cluster:8080')
const delimiters = fc.string({ unit: fc.constantFrom('/', '.', '%', '2', 'e', 'E', '@', ':', '?', '#', '&', 'a', 's', '1', '[', ']', '\\') })
const originUrls = fc.tuple(
  fc.constantFrom('http', 'https', 'HTTP', 'Https'),
  fc.constantFrom('s1', 's22', 'S3', 'x', 's1.s2'),
  fc.constantFrom('', ':80', ':443', ':8080', ':0080', ':0', ':99999'),
  fc.webPath(),
  fc.option(fc.webQueryParameters()),
  fc.option(fc.webFragments())
).map(([scheme, label, port, path, query, fragment]) =>
  `${scheme}://${label}.origin-cluster${port}${path}${query === null ? '' : '?' + query}${fragment === null ? '' : '#' + fragment}`)

describe('parseVideoUrl with buildLocation, for any input', () => {
  const inputs: Array<[string, fc.Arbitrary<string>]> = [
    ['any web URL', fc.webUrl({ withQueryParameters: true, withFragments: true })],
    ['any string', fc.string({ maxLength: 80 })],
    ['any UTF-16 string', fc.string({ unit: 'binary', maxLength: 80 })],
    ['the origin host with any suffix', fc.tuple(prefix, fc.string()).map(([head, suffix]) => head + suffix)],
    ['the origin host with a suffix of URL delimiters', fc.tuple(prefix, delimiters).map(([head, suffix]) => head + suffix)],
    ['URLs built from origin-like parts', originUrls]
  ]
  for (const [name, arbitrary] of inputs) {
    it(`never builds a Location to a third host (${name})`, () => {
      fc.assert(fc.property(arbitrary, assertSafeLocations), { numRuns: 500 })
    })
  }

  it('accepts any URL built from valid origin parts and keeps its path and query as given', () => {
    fc.assert(fc.property(fc.constantFrom('http', 'https'), fc.nat({ max: 999 }), fc.webPath(), fc.webQueryParameters(), (scheme, n, path, query) => {
      const label = `s${n}`
      const dots = path.toLowerCase().replaceAll('%2e', '.').replaceAll('%2f', '/').split('/').some((segment) => segment === '.' || segment === '..')
      assert.deepEqual(parseVideoUrl(`${scheme}://${label}.origin-cluster${path}?${query}`, rules), dots
        ? { ok: false, error: 'dot-segment' }
        : { ok: true, value: { scheme, label, authority: `${label}.origin-cluster`, rest: `${path === '' ? '/' : path}?${query}` } })
    }), { numRuns: 500 })
  })
})
