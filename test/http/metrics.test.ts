// /metrics counts what was actually sent, on both ways in: the HTTP server's fast path and app.inject.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { buildTestApp, video, type TestApp } from '../helpers/app.js'

const ORIGIN_VIDEO = video('http://s1.origin-cluster/v/1.m3u8')

describe('metrics', () => {
  let t: TestApp
  let base: string

  before(async () => {
    t = await buildTestApp({ env: { CDN_ORIGIN_RATIO: '3:1' } })
    base = await t.app.listen({ port: 0, host: '127.0.0.1' })
  })
  after(async () => { await t.close() })

  it('counts redirects by target, refusals by reason, and durations, as sent', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await fetch(base + ORIGIN_VIDEO, { redirect: 'manual' })).status, 301)
    for (let i = 0; i < 2; i++) assert.equal((await t.app.inject({ url: ORIGIN_VIDEO })).statusCode, 301)
    for (let i = 0; i < 3; i++) assert.equal((await fetch(base + video('http://evil.com/x'))).status, 400)
    assert.equal((await fetch(base + '/')).status, 400)
    assert.equal((await fetch(base + '/health/live')).status, 200)

    const response = await fetch(base + '/metrics')
    assert.equal(response.status, 200)
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain/)
    const metrics = parse(await response.text())
    assert.equal(metrics['balancer_redirects_total{target="cdn"}'], 9)
    assert.equal(metrics['balancer_redirects_total{target="origin"}'], 3)
    assert.equal(metrics['balancer_rejected_total{reason="bad-host"}'], 3)
    assert.equal(metrics['balancer_rejected_total{reason="missing"}'], 1)
    assert.equal(metrics['balancer_request_duration_seconds_count{route="redirect"}'], 16)
    assert.equal(metrics['balancer_request_duration_seconds_bucket{le="+Inf",route="redirect"}'], 16)
    assert.equal(metrics['balancer_request_duration_seconds_count{route="api"}'], 1, 'the health check; this scrape is counted after it answers')
  })

  it('reports the configured ratio, the settings version and the store state', async () => {
    const metrics = parse((await t.app.inject({ url: '/metrics' })).body)
    assert.equal(metrics['balancer_settings_ratio{target="cdn"}'], 3)
    assert.equal(metrics['balancer_settings_ratio{target="origin"}'], 1)
    assert.equal(metrics.balancer_settings_version, 1)
    assert.equal(metrics.balancer_store_connected, 1)
    assert.ok((metrics.balancer_settings_sync_age_seconds ?? -1) >= 0)
    assert.ok((metrics.process_cpu_user_seconds_total ?? -1) >= 0, 'the default process metrics are there')
  })

  it('keeps each app\'s metrics apart', async () => {
    const other = await buildTestApp()
    try {
      await other.app.inject({ url: ORIGIN_VIDEO })
      assert.equal(parse((await other.app.inject({ url: '/metrics' })).body)['balancer_redirects_total{target="cdn"}'], 1)
    } finally {
      await other.close()
    }
  })
})

function parse (text: string): Record<string, number> {
  const metrics: Record<string, number> = {}
  for (const line of text.split('\n')) {
    const match = /^([^#\s][^\s]*) (\S+)$/.exec(line)
    if (match?.[1] !== undefined) metrics[match[1]] = Number(match[2])
  }
  return metrics
}
