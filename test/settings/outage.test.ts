// A real database outage: the app reaches PostgreSQL through a TCP proxy the test cuts, while
// another writer keeps a direct connection. Redirects go on, writes fail whole, and after the
// outage the app re-subscribes and re-reads (the periodic re-read is set to ten minutes, so only
// the reconnection can bring the other writer's change). A restart during the outage serves the
// snapshot file.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pino } from 'pino'
import { loadConfig } from '../../src/config.js'
import { startService, type Service } from '../../src/start.js'
import { connectPostgres } from '../../src/settings/postgres.js'
import { createSettingsStore, SETTINGS_CHANNEL, type SettingsStore } from '../../src/settings/store.js'
import { auth, TOKEN, video } from '../helpers/app.js'
import { server, serverUrl, type TestDatabase } from '../helpers/databases.js'
import { startTcpProxy, throughProxy, type TcpProxy } from '../helpers/tcp-proxy.js'
import { waitFor } from '../helpers/wait.js'

const VIDEO = video('http://s1.origin-cluster/v/1.m3u8')

describe('a PostgreSQL outage', { skip: server.skip }, () => {
  let database: TestDatabase
  let direct: SettingsStore
  let proxy: TcpProxy
  let dataDir: string
  const services: Service[] = []

  const start = async (dir = dataDir): Promise<Service> => {
    const config = loadConfig({ ADMIN_TOKEN: TOKEN, DATABASE_URL: throughProxy(database.url ?? '', proxy), DATA_DIR: dir, SETTINGS_POLL_MS: '600000' })
    const service = await startService({ config, logger: pino({ level: 'silent' }), retry: { minMs: 50, maxMs: 500 } })
    services.push(service)
    return service
  }
  const cdnHostOf = async (service: Service): Promise<string | undefined> =>
    (await service.app.inject({ url: VIDEO })).headers.location?.toString().split('/')[2]

  before(async () => {
    database = await server.create()
    direct = createSettingsStore(await database.open())
    const target = new URL(serverUrl ?? '')
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) })
    dataDir = await mkdtemp(join(tmpdir(), 'balancer-outage-'))
  })
  after(async () => {
    proxy.restore()
    for (const service of services) await service.shutdown(0)
    await proxy.close()
    await database.drop()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('keeps redirecting, refuses writes whole, and picks up what another writer changed meanwhile', async () => {
    const app = await start()
    assert.equal((await app.app.inject({ method: 'PATCH', url: '/api/settings', headers: auth, payload: { cdnHost: 'before.example.com' } })).statusCode, 200)

    proxy.cut()
    assert.equal(await cdnHostOf(app), 'before.example.com', 'redirects go on from the last settings')
    const write = await app.app.inject({ method: 'PATCH', url: '/api/settings', headers: auth, payload: { cdnHost: 'lost.example.com' } })
    assert.equal(write.statusCode, 503)
    assert.equal(write.headers['content-type'], 'application/problem+json; charset=utf-8')
    assert.equal(write.json().code, 'store-unavailable')
    assert.deepEqual((await direct.history(10)).map((entry) => entry.cdnHost), ['before.example.com', 'cdn.example.com'], 'nothing of the refused write was stored')

    await app.live.refresh()
    const during = (await app.app.inject({ url: '/health/ready' })).json()
    assert.equal(during.store.connected, false, 'readiness reports the store unreachable')
    assert.equal((await app.app.inject({ url: '/metrics' })).body.includes('balancer_store_connected 0'), true)

    const elsewhere = await direct.update({ cdnHost: 'elsewhere.example.com' }, { actor: 'other-writer' })
    assert.ok(elsewhere.ok)
    assert.equal(await cdnHostOf(app), 'before.example.com')

    proxy.restore()
    await waitFor(async () => await cdnHostOf(app) === 'elsewhere.example.com', 'the change made during the outage')
    assert.equal(app.live.status().connected, true)

    const after = await app.app.inject({ method: 'PATCH', url: '/api/settings', headers: auth, payload: { cdnHost: 'after.example.com' } })
    assert.equal(after.statusCode, 200)
    assert.equal(after.json().version, elsewhere.value.version + 1)
    await direct.update({ cdnHost: 'notified.example.com' }, { actor: 'other-writer' })
    await waitFor(async () => await cdnHostOf(app) === 'notified.example.com', 'a notification on the renewed subscription')
  })

  it('starts during an outage from the snapshot file, and syncs when the database is back', async () => {
    proxy.cut()
    const restarted = await start()
    assert.equal(await cdnHostOf(restarted), 'notified.example.com', 'the last settings seen, from the snapshot file')
    const ready = await restarted.app.inject({ url: '/health/ready' })
    assert.equal(ready.statusCode, 200)
    assert.equal(ready.json().store.source, 'snapshot-file')
    assert.equal(ready.json().store.connected, false)

    await direct.update({ cdnHost: 'latest.example.com' }, { actor: 'other-writer' })
    proxy.restore()
    await waitFor(async () => await cdnHostOf(restarted) === 'latest.example.com', 'the sync after the outage')
    assert.equal(restarted.live.status().source, 'store')
  })

  it('starts during an outage with no snapshot file from the environment\'s settings', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'balancer-outage-empty-'))
    let fresh: Service | undefined
    try {
      proxy.cut()
      fresh = await start(empty)
      assert.equal(await cdnHostOf(fresh), 'cdn.example.com')
      assert.equal(fresh.live.status().source, 'environment')
      proxy.restore()
      const synced = fresh
      await waitFor(async () => await cdnHostOf(synced) === 'latest.example.com', 'the sync after the outage')
    } finally {
      proxy.restore()
      // Stopped first: it writes its snapshot file into the folder on every change it sees.
      if (fresh !== undefined) {
        services.splice(services.indexOf(fresh), 1)
        await fresh.shutdown(0)
      }
      await rm(empty, { recursive: true, force: true })
    }
  })

  it('subscribes once the database is reachable, even when the first attempt to subscribe failed', async () => {
    const db = connectPostgres(throughProxy(database.url ?? '', proxy))
    try {
      proxy.cut()
      await assert.rejects(db.listen(SETTINGS_CHANNEL, () => {}, () => {}))
      proxy.restore()
      const heard: string[] = []
      await db.listen(SETTINGS_CHANNEL, (payload) => heard.push(payload), () => {})
      const written = await direct.update({ cdnHost: 'heard.example.com' }, { actor: 'other-writer' })
      assert.ok(written.ok)
      await waitFor(() => heard.includes(String(written.value.version)), 'the notification')
    } finally {
      proxy.restore()
      await db.close()
    }
  })
})
