// Building the Location a viewer is redirected to.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { buildLocation } from '../../src/balancer/location.js'
import { parseVideoUrl, type VideoUrl } from '../../src/balancer/video-url.js'

const rules = { domain: 'origin-cluster', labelPattern: /^(?:s[0-9]+)$/ }

function parsed (input: string): VideoUrl {
  const result = parseVideoUrl(input, rules)
  assert.ok(result.ok, `${input} should be accepted`)
  return result.value
}

const cases: Array<{ name: string, input: string, cdnHost: string, cdn: string, origin: string }> = [
  {
    name: 'puts the server label first in the CDN path',
    input: 'http://s1.origin-cluster/video/1488/xcg2djHckad.m3u8',
    cdnHost: 'cdn.example.com',
    cdn: 'http://cdn.example.com/s1/video/1488/xcg2djHckad.m3u8',
    origin: 'http://s1.origin-cluster/video/1488/xcg2djHckad.m3u8'
  },
  {
    name: 'keeps https and the query string',
    input: 'https://s3.origin-cluster/v/1.m3u8?token=abc',
    cdnHost: 'cdn.example.com',
    cdn: 'https://cdn.example.com/s3/v/1.m3u8?token=abc',
    origin: 'https://s3.origin-cluster/v/1.m3u8?token=abc'
  },
  {
    name: 'uses a CDN host with a port as given',
    input: 'http://s2.origin-cluster/a.ts',
    cdnHost: 'cdn.example.com:8443',
    cdn: 'http://cdn.example.com:8443/s2/a.ts',
    origin: 'http://s2.origin-cluster/a.ts'
  },
  {
    name: 'keeps the origin port on the origin side only',
    input: 'http://s4.origin-cluster:8080/a.ts',
    cdnHost: 'cdn.example.com',
    cdn: 'http://cdn.example.com/s4/a.ts',
    origin: 'http://s4.origin-cluster:8080/a.ts'
  },
  {
    name: 'drops the fragment and normalises scheme and host case',
    input: 'HTTPS://S5.Origin-Cluster/Path/A.m3u8?Q=1#frag',
    cdnHost: 'cdn.example.com',
    cdn: 'https://cdn.example.com/s5/Path/A.m3u8?Q=1',
    origin: 'https://s5.origin-cluster/Path/A.m3u8?Q=1'
  },
  {
    name: 'sends a URL with no path to the server folder root',
    input: 'http://s1.origin-cluster?x=1',
    cdnHost: 'cdn.example.com',
    cdn: 'http://cdn.example.com/s1/?x=1',
    origin: 'http://s1.origin-cluster/?x=1'
  }
]

describe('buildLocation', () => {
  for (const { name, input, cdnHost, cdn, origin } of cases) {
    it(name, () => {
      const url = parsed(input)
      assert.equal(buildLocation(url, 'cdn', cdnHost), cdn)
      assert.equal(buildLocation(url, 'origin', cdnHost), origin)
    })
  }

  it('builds from the parts alone, whatever produced them', () => {
    const url: VideoUrl = { scheme: 'https', label: 's9', authority: 's9.origin-cluster:444', rest: '/x?y' }
    assert.equal(buildLocation(url, 'cdn', 'c.example'), 'https://c.example/s9/x?y')
    assert.equal(buildLocation(url, 'origin', 'c.example'), 'https://s9.origin-cluster:444/x?y')
  })
})
