// The rules on settings values: CDN host, ratio parsing and checking, comparing and printing.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { checkCdnHost, checkRatio, formatRatio, MAX_WEIGHT, parseRatio, sameRatio } from '../../src/settings/settings.js'

describe('checkCdnHost', () => {
  const good: Array<[string, string]> = [
    ['cdn.example.com', 'cdn.example.com'],
    ['CDN.Example.com', 'cdn.example.com'],
    ['cdn:8080', 'cdn:8080'],
    ['cdn.example.com:1', 'cdn.example.com:1'],
    ['cdn.example.com:65535', 'cdn.example.com:65535'],
    ['10.0.0.1', '10.0.0.1'],
    ['10.0.0.1:8443', '10.0.0.1:8443'],
    ['[::1]:443', '[::1]:443'],
    ['[2001:DB8::1]', '[2001:db8::1]'],
    ['localhost', 'localhost'],
    ['a-b.c-d.example', 'a-b.c-d.example'],
    ['x'.repeat(63) + '.com', 'x'.repeat(63) + '.com']
  ]
  for (const [input, expected] of good) {
    it(`accepts ${JSON.stringify(input.slice(0, 40))} as ${JSON.stringify(expected.slice(0, 40))}`, () => {
      assert.deepEqual(checkCdnHost(input), { ok: true, value: expected })
    })
  }

  const bad = ['http://cdn', 'cdn/x', 'user@cdn', 'cdn:0', 'cdn:70000', 'cdn:65536', '', 'a b', '-cdn.com', 'cdn-.com',
    'cdn..com', '.cdn.com', 'cdn.com.', 'cdn:', 'cdn:123456', 'cdn:-1', '::1', '[::1', 'cdn?x', 'cdn#x', 'cdn\n', 'x'.repeat(64) + '.com',
    'a.'.repeat(130) + 'com']
  for (const input of bad) {
    it(`refuses ${JSON.stringify(input.slice(0, 40))}`, () => {
      const result = checkCdnHost(input)
      assert.equal(result.ok, false)
      assert.ok(!result.ok && result.error.length > 0)
    })
  }

  it('explains an out-of-range port', () => {
    assert.deepEqual(checkCdnHost('cdn:70000'), { ok: false, error: 'port 70000 is out of range 1-65535' })
  })
})

describe('parseRatio', () => {
  const good: Array<[string, { cdn: number, origin: number }]> = [
    ['9:1', { cdn: 9, origin: 1 }],
    [' 3 : 2 ', { cdn: 3, origin: 2 }],
    ['0:1', { cdn: 0, origin: 1 }],
    ['1:0', { cdn: 1, origin: 0 }],
    ['007:03', { cdn: 7, origin: 3 }],
    [`${MAX_WEIGHT}:${MAX_WEIGHT}`, { cdn: MAX_WEIGHT, origin: MAX_WEIGHT }]
  ]
  for (const [text, ratio] of good) {
    it(`reads ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseRatio(text), { ok: true, value: ratio })
    })
  }

  const bad = ['0:0', '1', '1:2:3', '-1:2', '1.5:1', '1000001:1', '1:1000001', '10000000:1', 'a:b', '', ':', '1:', ':1', '1e3:1', '0x10:1']
  for (const text of bad) {
    it(`refuses ${JSON.stringify(text)}`, () => {
      assert.equal(parseRatio(text).ok, false)
    })
  }
})

describe('checkRatio', () => {
  it('accepts a ratio with at least one positive weight', () => {
    for (const ratio of [{ cdn: 9, origin: 1 }, { cdn: 0, origin: 1 }, { cdn: 1, origin: 0 }]) {
      assert.deepEqual(checkRatio(ratio), { ok: true, value: ratio })
    }
  })

  it('refuses 0:0, which sends traffic nowhere', () => {
    const result = checkRatio({ cdn: 0, origin: 0 })
    assert.equal(result.ok, false)
    assert.match(result.ok ? '' : result.error, /0:0/)
  })
})

describe('sameRatio and formatRatio', () => {
  it('compares both weights, not the proportion', () => {
    assert.equal(sameRatio({ cdn: 9, origin: 1 }, { cdn: 9, origin: 1 }), true)
    assert.equal(sameRatio({ cdn: 9, origin: 1 }, { cdn: 18, origin: 2 }), false)
    assert.equal(sameRatio({ cdn: 9, origin: 1 }, { cdn: 1, origin: 9 }), false)
    assert.equal(sameRatio({ cdn: 9, origin: 1 }, { cdn: 9, origin: 2 }), false)
  })

  it('prints cdn:origin, which parseRatio reads back', () => {
    for (const ratio of [{ cdn: 9, origin: 1 }, { cdn: 0, origin: 1 }, { cdn: MAX_WEIGHT, origin: 3 }]) {
      const text = formatRatio(ratio)
      assert.equal(text, `${ratio.cdn}:${ratio.origin}`)
      assert.deepEqual(parseRatio(text), { ok: true, value: ratio })
    }
  })
})
