// The service as a node:cluster (WORKERS=2) on its embedded store, as real processes: only the
// primary opens the store, workers follow its pushes and hand it their writes, counts add up
// across workers, a dead worker is replaced, and SIGTERM stops them all.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { request } from 'node:http'
import { auth } from '../helpers/app.js'
import { createFleet, type Fleet, type Instance } from '../helpers/instances.js'
import { waitFor } from '../helpers/wait.js'

const VIDEO = '/?video=' + encodeURIComponent('http://s1.origin-cluster/v/1.m3u8')
const ORIGIN = 'http://s1.origin-cluster/v/1.m3u8'

describe('a service of two workers', () => {
  let fleet: Fleet
  let service: Instance
  let sent = 0

  before(async () => {
    fleet = createFleet()
    service = await fleet.start('cluster', { WORKERS: '2', SHUTDOWN_DRAIN_MS: '100' })
  })
  after(async () => { await fleet.stopAll() })

  /** One redirect on a connection of its own, so that the primary hands it to either worker. */
  const redirect = async (): Promise<string> => await new Promise((resolve, reject) => {
    sent++
    request(service.base + VIDEO, { agent: false }, (response) => {
      response.on('error', reject).resume()
      resolve(String(response.headers.location))
    }).on('error', reject).end()
  })
  const redirects = async (n: number): Promise<string[]> => {
    const locations: string[] = []
    for (let i = 0; i < n; i += 10) locations.push(...await Promise.all(Array.from({ length: Math.min(10, n - i) }, redirect)))
    return locations
  }
  const api = async (method: string, path: string, body?: unknown) => await fetch(service.base + path, {
    method, headers: { ...auth, 'content-type': 'application/json' }, ...(body !== undefined && { body: JSON.stringify(body) })
  })

  it('runs two workers under one primary', () => {
    assert.equal(workersOf(service).length, 2)
  })

  it('carries a write made through any worker to every worker', async () => {
    const response = await api('PATCH', '/api/settings', { cdnHost: 'moved.example.com', ratio: { cdn: 3, origin: 1 } })
    assert.equal(response.status, 200)
    assert.equal((await response.json() as { version: number }).version, 2)
    await waitFor(async () => (await redirects(20)).every((location) => location.startsWith('http://moved.example.com/') || location === ORIGIN),
      'every worker to serve the new CDN host', 5000)
  })

  it('keeps the split of the whole service within ±2 requests of exact', async () => {
    await api('PATCH', '/api/settings', { ratio: { cdn: 3, origin: 1 } })
    await api('PATCH', '/api/settings', { ratio: { cdn: 4, origin: 1 } })
    await waitFor(async () => (await (await api('GET', '/api/traffic')).json() as { settings: { version: number } }).settings.version === 4, 'the change to arrive', 5000)
    const locations = await redirects(500)
    const origins = locations.filter((location) => location === ORIGIN).length
    assert.ok(Math.abs(origins - 100) <= 2, `${origins} of 500 went to origin at 4:1`)
  })

  it('counts every redirect of every worker in /api/traffic and /metrics', async () => {
    const traffic = await (await api('GET', '/api/traffic')).json() as { counts: { cdn: number, origin: number } }
    assert.equal(traffic.counts.cdn + traffic.counts.origin, sent)
    const metrics = await (await fetch(service.base + '/metrics')).text()
    const counted = [...metrics.matchAll(/^balancer_redirects_total\{target="(?:cdn|origin)"\} ([0-9]+)$/gm)].reduce((sum, match) => sum + Number(match[1]), 0)
    assert.equal(counted, sent)
    assert.match(metrics, /^balancer_settings_version 4$/m)
  })

  it('lands concurrent writes from both workers, each with its own version', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, async (_, i) => await api('PATCH', '/api/settings', { ratio: { cdn: i + 1, origin: 1 } })))
    const versions = await Promise.all(responses.map(async (response) => (await response.json() as { version: number }).version))
    assert.deepEqual(versions.sort((a, b) => a - b), [5, 6, 7, 8, 9, 10])
    const history = await (await api('GET', '/api/settings/history')).json() as { versions: Array<{ version: number }> }
    assert.deepEqual(history.versions.map((entry) => entry.version), [10, 9, 8, 7, 6, 5, 4, 3, 2, 1])
  })

  // Connections the dying worker had taken are lost with it; the service answers from the
  // survivor and, once it has started, the replacement.
  it('replaces a worker that dies', async () => {
    const [victim, survivor] = workersOf(service)
    assert.ok(victim !== undefined && survivor !== undefined)
    process.kill(victim, 'SIGKILL')
    await waitFor(() => workersOf(service).length === 2 && !workersOf(service).includes(victim), 'a new worker', 30_000)
    assert.ok(workersOf(service).includes(survivor))
    await waitFor(async () => (await (await fetch(service.base + '/health/ready')).json() as { settingsVersion?: number }).settingsVersion === 10, 'the new worker to serve')
    const locations = await redirects(40)
    assert.ok(locations.every((location) => location.startsWith('http://moved.example.com/') || location === ORIGIN), locations.join(' '))
  })

  it('stops every worker and exits 0 on SIGTERM', async () => {
    const workers = workersOf(service)
    const exited = new Promise<number | null>((resolve) => service.process.once('exit', resolve))
    service.process.kill('SIGTERM')
    assert.equal(await exited, 0)
    for (const pid of workers) assert.equal(isAlive(pid), false, `worker ${pid} is still running`)
  })
})

function workersOf (instance: Instance): number[] {
  const pid = instance.process.pid ?? 0
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
}

function isAlive (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
