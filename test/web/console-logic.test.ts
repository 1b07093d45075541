// The admin console's pure logic, without a browser: rates from polled counters, the mapping of
// API problems to form fields, and the wording of ratios and history changes.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { addSample, ratesOver, series, type Sample } from '../../web/admin/traffic-model.js'
import { fieldError } from '../../web/admin/field-errors.js'
import { describeChange, splitText } from '../../web/admin/format.js'
import type { HistoryEntry } from '../../web/admin/api.js'

const sample = (at: number, cdn: number, origin: number, rejected = 0): Sample => ({ at, cdn, origin, rejected })

describe('traffic model', () => {
  it('computes requests per second over a window from the oldest sample inside it', () => {
    let samples: readonly Sample[] = []
    for (const s of [sample(0, 0, 0), sample(1000, 9, 1), sample(2000, 27, 3), sample(4000, 45, 5)]) samples = addSample(samples, s)
    assert.deepEqual(ratesOver(samples, 3000), { cdn: 12, origin: 4 / 3, rejected: 0 })
    assert.deepEqual(series(samples).map((p) => p.cdn), [9, 18, 9])
  })

  it('drops samples older than the kept span, ignores a stale one and restarts when counters go back', () => {
    const samples = addSample(addSample([sample(0, 1, 0)], sample(10_000, 5, 0), 5000), sample(12_000, 6, 0), 5000)
    assert.deepEqual(samples.map((s) => s.at), [10_000, 12_000])
    assert.equal(addSample(samples, sample(12_000, 7, 0)), samples)
    assert.deepEqual(addSample(samples, sample(13_000, 2, 0)), [sample(13_000, 2, 0)])
  })

  it('has no rate before two samples', () => {
    assert.equal(ratesOver([sample(0, 5, 5)], 5000), undefined)
  })
})

describe('field errors', () => {
  const problem = (code: string, detail: string) => ({ status: 400, code, detail })

  it('puts each API validation message next to the field it names', () => {
    assert.deepEqual(fieldError(problem('invalid-request', 'body/ratio/cdn must be <= 1000000')), { field: 'cdnWeight', message: 'must be <= 1000000' })
    assert.deepEqual(fieldError(problem('invalid-request', 'body/ratio/origin must be integer')), { field: 'originWeight', message: 'must be integer' })
    assert.deepEqual(fieldError(problem('invalid-cdn-host', 'cdnHost: port 0 is out of range 1-65535')), { field: 'cdnHost', message: 'port 0 is out of range 1-65535' })
    assert.equal(fieldError(problem('invalid-ratio', 'ratio: ratio 0:0 sends traffic nowhere')).field, 'ratio')
    assert.match(fieldError(problem('invalid-request', 'body/cdnHost must match pattern "^(?:…"')).message, /bare host name/)
  })

  it('leaves a problem about no one field to the form', () => {
    assert.deepEqual(fieldError(problem('store-unavailable', 'the settings database cannot be reached')), { field: undefined, message: 'the settings database cannot be reached' })
  })
})

describe('wording', () => {
  const entry = (version: number, cdnHost: string, cdn: number, origin: number, action: HistoryEntry['action'] = 'update', sourceVersion: number | null = null): HistoryEntry =>
    ({ version, cdnHost, ratio: { cdn, origin }, createdAt: '2026-01-01T00:00:00Z', actor: 'a', action, sourceVersion })

  it('says what a version changed against the one before it', () => {
    assert.deepEqual(describeChange(entry(2, 'b.example', 3, 2), entry(1, 'a.example', 9, 1)), ['CDN host a.example → b.example', 'ratio 9:1 → 3:2'])
    assert.deepEqual(describeChange(entry(3, 'a.example', 9, 1, 'rollback', 1), entry(2, 'b.example', 9, 1)), ['rolled back to version 1', 'CDN host b.example → a.example'])
    assert.deepEqual(describeChange(entry(2, 'a.example', 9, 1), entry(1, 'a.example', 9, 1)), ['no change'])
    assert.deepEqual(describeChange(entry(1, 'a.example', 9, 1, 'init'), undefined), ['initial: a.example, 9:1'])
  })

  it('shows a split as percentages, keeping a decimal for small shares', () => {
    assert.equal(splitText(9, 1), '90% CDN · 10% origin')
    assert.equal(splitText(999, 1), '99.9% CDN · 0.1% origin')
    assert.equal(splitText(1, 0), '100% CDN · 0% origin')
    assert.equal(splitText(0, 0), '—')
  })
})
