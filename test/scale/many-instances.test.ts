// Three separate balancer processes on one PostgreSQL database, as behind a load balancer: a change
// through any of them reaches all three by LISTEN/NOTIFY (the periodic re-read is set far beyond the
// wait), each keeps its own exact split, and losing one does not disturb the others. Propagation
// times are printed, not asserted tightly: the machine is shared; the bound only catches a change
// that never arrives.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { auth } from '../helpers/app.js'
import { noServer, server, type TestDatabase } from '../helpers/databases.js'
import { createFleet, kill, type Fleet, type Instance } from '../helpers/instances.js'

const VIDEO = '/?video=' + encodeURIComponent('http://s1.origin-cluster/video/1488/x.m3u8')
const ORIGIN_LOCATION = 'http://s1.origin-cluster/video/1488/x.m3u8'
const PROPAGATION_BOUND_MS = 5000

async function liveVersion (instance: Instance): Promise<number> {
  const response = await fetch(`${instance.base}/health/ready`)
  assert.equal(response.status, 200)
  const body = await response.json() as { settingsVersion: number }
  return body.settingsVersion
}

async function patchSettings (instance: Instance, change: object): Promise<number> {
  const response = await fetch(`${instance.base}/api/settings`, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify(change)
  })
  assert.equal(response.status, 200)
  const body = await response.json() as { version: number }
  return body.version
}

/** One redirect; the Location tells whether it went to the CDN or to the origin. */
async function redirect (instance: Instance): Promise<{ status: number, location: string | null }> {
  const response = await fetch(`${instance.base}${VIDEO}`, { redirect: 'manual' })
  await response.arrayBuffer()
  return { status: response.status, location: response.headers.get('location') }
}

/** Milliseconds from `since` until the instance serves `version`. */
async function timeUntilServed (instance: Instance, version: number, since: number): Promise<number> {
  while (await liveVersion(instance) < version) {
    assert.ok(Date.now() - since < PROPAGATION_BOUND_MS, `${instance.name} never received version ${version}`)
  }
  return Date.now() - since
}

async function waitForAll (instances: readonly Instance[], version: number): Promise<number[]> {
  const since = Date.now()
  return await Promise.all(instances.map(async (instance) => await timeUntilServed(instance, version, since)))
}

describe('three instances on one PostgreSQL server', { skip: noServer }, () => {
  let database: TestDatabase
  let fleet: Fleet | undefined
  const instances: Instance[] = []

  before(async () => {
    database = await server.create()
    if (database.url === undefined) throw new Error('a server database has a URL')
    const started = createFleet(database.url)
    fleet = started
    // Started one after another: three tsx start-ups at once crowd a small machine.
    for (const name of ['a', 'b', 'c']) instances.push(await started.start(name, { SETTINGS_POLL_MS: '600000' }))
  })
  after(async () => {
    await fleet?.stopAll()
    await database?.drop()
  })

  it('serves a change made through any one instance from all three', async (t) => {
    const figures: number[] = []
    for (const [round, writer] of [...instances, ...instances].entries()) {
      const sent = Date.now()
      const version = await patchSettings(writer, { cdnHost: `cdn${round}.example.com` })
      const answered = Date.now() - sent
      const times = (await waitForAll(instances, version)).map((ms) => ms + answered)
      t.diagnostic(`write through ${writer.name} (version ${version}, answered in ${answered} ms): served by a, b, c ${times.join(', ')} ms after the request was sent`)
      figures.push(...times.filter((_, i) => instances[i] !== writer))
    }
    const sorted = figures.sort((x, y) => x - y)
    t.diagnostic(`propagation to the other instances: median ${sorted[Math.floor(sorted.length / 2)]} ms, max ${sorted.at(-1)} ms`)
    for (const instance of instances) {
      const { location } = await redirect(instance)
      assert.match(location ?? '', /^http:\/\/cdn5\.example\.com\/s1\//, `${instance.name} serves the last change`)
    }
  })

  it('keeps the exact ratio on each instance, so the aggregate is off by less than one request per instance', async (t) => {
    // 7:3 is a new ratio, so every instance's count restarts at the change.
    const version = await patchSettings(instances[0] ?? assert.fail(), { ratio: { cdn: 7, origin: 3 } })
    await waitForAll(instances, version)
    const sent = [100, 101, 103]
    const origins = await Promise.all(instances.map(async (instance, i) => {
      let count = 0
      for (let k = 0; k < (sent[i] ?? 0); k++) {
        const { status, location } = await redirect(instance)
        assert.equal(status, 301)
        if (location === ORIGIN_LOCATION) count++
      }
      return count
    }))
    // floor(n * 3 / 10) for n = 100, 101, 103: the formula, on each instance separately.
    assert.deepEqual(origins, [30, 30, 30])
    const total = sent.reduce((sum, n) => sum + n, 0)
    t.diagnostic(`origins per instance ${origins.join(', ')}: ${origins.reduce((sum, n) => sum + n, 0)} of ${total} requests, against ${(total * 0.3).toFixed(1)} for the ratio over all of them`)
  })

  it('keeps the other instances serving without errors when one is killed under load', async (t) => {
    const [a, b, c] = instances
    if (a === undefined || b === undefined || c === undefined) throw new Error('three instances')
    const load = new AbortController()
    const statuses = new Map<string, number>()
    const hammer = async (instance: Instance): Promise<void> => {
      while (!load.signal.aborted) {
        const outcome = await redirect(instance).then(({ status }) => String(status), (error: Error) => error.message)
        const key = `${instance.name} ${outcome}`
        statuses.set(key, (statuses.get(key) ?? 0) + 1)
      }
    }
    const workers = [a, a, b, b].map(hammer)
    await new Promise((resolve) => setTimeout(resolve, 300))
    await kill(c)
    await assert.rejects(fetch(`${c.base}/health/live`), 'the killed instance is gone')
    // The survivors still follow changes after their peer's connections died.
    const version = await patchSettings(a, { cdnHost: 'after-kill.example.com' })
    await waitForAll([a, b], version)
    await new Promise((resolve) => setTimeout(resolve, 300))
    load.abort()
    await Promise.all(workers)
    t.diagnostic(`responses during the kill: ${JSON.stringify(Object.fromEntries(statuses))}`)
    assert.deepEqual([...statuses.keys()].sort(), ['a 301', 'b 301'])
  })
})
