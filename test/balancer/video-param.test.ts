// Finding the one `video` argument in a raw request target.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import fc from 'fast-check'
import { readVideoParam, type VideoParamError } from '../../src/balancer/video-param.js'
import type { Result } from '../../src/result.js'

const VIDEO_URL = 'http://s1.origin-cluster/video/1488/xcg2djHckad.m3u8'

const cases: Array<{ name: string, target: string, expected: Result<string, VideoParamError> }> = [
  { name: 'reads a plain value', target: '/?video=x', expected: { ok: true, value: 'x' } },
  { name: 'reads an unencoded URL up to the next argument', target: `/?video=${VIDEO_URL}&t=1`, expected: { ok: true, value: VIDEO_URL } },
  { name: 'ignores the path before the query', target: '/any/path?video=x', expected: { ok: true, value: 'x' } },
  { name: 'reports missing when there is no query', target: '/', expected: { ok: false, error: 'missing' } },
  { name: 'reports missing for an empty query', target: '/?', expected: { ok: false, error: 'missing' } },
  { name: 'reports missing when only other arguments are given', target: '/?other=1', expected: { ok: false, error: 'missing' } },
  { name: 'does not take videox for video', target: '/?videox=1', expected: { ok: false, error: 'missing' } },
  { name: 'does not take a bare videox for video', target: '/?videox', expected: { ok: false, error: 'missing' } },
  { name: 'does not take xvideo for video', target: '/?xvideo=1', expected: { ok: false, error: 'missing' } },
  { name: 'does not match the name case-insensitively', target: '/?VIDEO=x', expected: { ok: false, error: 'missing' } },
  { name: 'refuses a repeated argument', target: '/?video=a&video=b', expected: { ok: false, error: 'repeated' } },
  { name: 'refuses a repeated argument with the same value', target: '/?video=a&video=a', expected: { ok: false, error: 'repeated' } },
  { name: 'refuses a bare video followed by a valued one', target: '/?video&video=a', expected: { ok: false, error: 'repeated' } },
  { name: 'refuses a valued video followed by a bare one', target: '/?video=a&video', expected: { ok: false, error: 'repeated' } },
  { name: 'reads an empty value as empty', target: '/?video=', expected: { ok: true, value: '' } },
  { name: 'reads a bare name as empty', target: '/?video', expected: { ok: true, value: '' } },
  { name: 'reads a bare name between others as empty', target: '/?a=1&video&b=2', expected: { ok: true, value: '' } },
  {
    name: 'percent-decodes the value',
    target: '/?video=http%3A%2F%2Fs1.origin-cluster%2Fvideo%2F1.m3u8%3Fa%3D1%26b%3D2',
    expected: { ok: true, value: 'http://s1.origin-cluster/video/1.m3u8?a=1&b=2' }
  },
  { name: 'decodes UTF-8 sequences', target: '/?video=%C3%A9', expected: { ok: true, value: 'é' } },
  { name: 'keeps + as +', target: '/?video=a+b', expected: { ok: true, value: 'a+b' } },
  { name: 'keeps + as + when other characters are decoded', target: '/?video=a+b%2Fc', expected: { ok: true, value: 'a+b/c' } },
  { name: 'decodes %2B to +', target: '/?video=a%2Bb', expected: { ok: true, value: 'a+b' } },
  { name: 'refuses a truncated UTF-8 sequence', target: '/?video=%E0%A4%A', expected: { ok: false, error: 'bad-encoding' } },
  { name: 'refuses a non-hex escape', target: '/?video=%zz', expected: { ok: false, error: 'bad-encoding' } },
  { name: 'refuses a lone %', target: '/?video=100%', expected: { ok: false, error: 'bad-encoding' } },
  { name: 'refuses an invalid UTF-8 byte', target: '/?video=%FF', expected: { ok: false, error: 'bad-encoding' } },
  { name: 'ignores the arguments around it', target: `/?t=1&video=${encodeURIComponent(VIDEO_URL)}&x=2`, expected: { ok: true, value: VIDEO_URL } },
  { name: 'ignores empty arguments', target: '/?&&video=x&&', expected: { ok: true, value: 'x' } },
  { name: 'does not decode other arguments', target: '/?x=%zz&video=ok', expected: { ok: true, value: 'ok' } },
  { name: 'reads only after the first ?', target: '/?a=?video=x', expected: { ok: false, error: 'missing' } }
]

describe('readVideoParam', () => {
  for (const { name, target, expected } of cases) {
    it(`${name}: ${JSON.stringify(target)}`, () => {
      assert.deepEqual(readVideoParam(target), expected)
    })
  }

  it('returns any value encodeURIComponent produced, whatever other arguments surround it', () => {
    const otherArg = fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.string()).filter(([name]) => !name.startsWith('video'))
      .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    fc.assert(fc.property(fc.string(), fc.array(otherArg, { maxLength: 3 }), fc.array(otherArg, { maxLength: 3 }), (value, before, after) => {
      const target = '/?' + [...before, `video=${encodeURIComponent(value)}`, ...after].join('&')
      assert.deepEqual(readVideoParam(target), { ok: true, value })
    }))
  })
})
