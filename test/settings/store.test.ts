// The store contract, run on every engine: embedded PGlite and a real PostgreSQL server.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createSettingsStore, type SettingsStore } from '../../src/settings/store.js'
import { engines, type TestDatabase } from '../helpers/databases.js'
import type { Database } from '../../src/settings/database.js'

const initial = { cdnHost: 'cdn.example.com', ratio: { cdn: 9, origin: 1 } }

for (const engine of engines) {
  describe(`settings store on ${engine.name}`, { skip: engine.skip }, () => {
    let database: TestDatabase
    let db: Database
    let store: SettingsStore

    before(async () => {
      database = await engine.create()
      db = await database.open()
      store = createSettingsStore(db)
    })
    after(async () => { await database.drop() })

    it('creates the schema and stores the initial settings as version 1', async () => {
      const settings = await store.init(initial)
      assert.equal(settings.version, 1)
      assert.equal(settings.cdnHost, 'cdn.example.com')
      assert.deepEqual(settings.ratio, { cdn: 9, origin: 1 })
      assert.ok(settings.updatedAt instanceof Date)
      const history = await store.history(10)
      assert.equal(history.length, 1)
      assert.equal(history[0]?.action, 'init')
    })

    it('keeps what is stored when started again with other initial values', async () => {
      const settings = await store.init({ cdnHost: 'other.example.com', ratio: { cdn: 1, origin: 1 } })
      assert.equal(settings.version, 1)
      assert.equal(settings.cdnHost, 'cdn.example.com')
      const migrations = await db.query('SELECT version FROM schema_migrations')
      assert.equal(migrations.length, 1)
    })

    it('writes a change as the next version with a history row naming the actor', async () => {
      const result = await store.update({ cdnHost: 'cdn2.example.com' }, { actor: 'alice' })
      assert.ok(result.ok)
      assert.equal(result.value.version, 2)
      assert.equal(result.value.cdnHost, 'cdn2.example.com')
      assert.deepEqual(result.value.ratio, { cdn: 9, origin: 1 })
      assert.equal(result.value.updatedBy, 'alice')
      const [latest] = await store.history(1)
      assert.deepEqual({ ...latest, createdAt: undefined }, {
        version: 2, cdnHost: 'cdn2.example.com', ratio: { cdn: 9, origin: 1 }, createdAt: undefined, actor: 'alice', action: 'update', sourceVersion: null
      })
      assert.deepEqual(await store.read(), result.value)
    })

    it('refuses a write whose expected version is stale and changes nothing', async () => {
      const before = await store.read()
      const result = await store.update({ ratio: { cdn: 1, origin: 1 } }, { actor: 'bob', ifVersion: before.version - 1 })
      assert.deepEqual(result, { ok: false, error: { kind: 'conflict', current: before } })
      assert.deepEqual(await store.read(), before)
      assert.equal((await store.history(100)).length, before.version)
    })

    it('rolls back to an earlier version as a new version', async () => {
      const result = await store.rollback(1, { actor: 'carol' })
      assert.ok(result.ok)
      assert.equal(result.value.cdnHost, 'cdn.example.com')
      assert.equal(result.value.version, 3)
      const [latest] = await store.history(1)
      assert.equal(latest?.action, 'rollback')
      assert.equal(latest?.sourceVersion, 1)
    })

    it('answers unknown-version for a rollback to a version that never was', async () => {
      const before = await store.read()
      assert.deepEqual(await store.rollback(999, { actor: 'carol' }), { ok: false, error: { kind: 'unknown-version' } })
      assert.deepEqual(await store.read(), before)
    })

    it('lands every one of many concurrent writes with its own version', async () => {
      const start = (await store.read()).version
      const writes = Array.from({ length: 20 }, async (_, i) =>
        await store.update({ ratio: { cdn: i + 1, origin: 1 } }, { actor: `writer-${i}` }))
      const results = await Promise.all(writes)
      const versions = results.map((result) => result.ok ? result.value.version : -1).sort((a, b) => a - b)
      assert.deepEqual(versions, Array.from({ length: 20 }, (_, i) => start + i + 1))
      const history = await store.history(100)
      assert.equal(history[0]?.version, start + 20)
      assert.equal(new Set(history.map((entry) => entry.version)).size, history.length)
    })

    it('lists history newest first, limited', async () => {
      const history = await store.history(3)
      assert.equal(history.length, 3)
      assert.ok((history[0]?.version ?? 0) > (history[1]?.version ?? 0))
    })

    it('refuses a ratio of 0:0 in the database itself, leaving the row as it was', async () => {
      const before = await store.read()
      await assert.rejects(store.update({ ratio: { cdn: 0, origin: 0 } }, { actor: 'mallory' }))
      assert.deepEqual(await store.read(), before)
    })

    it('notifies watchers of each committed version', async () => {
      const heard: number[] = []
      let connected = 0
      await store.watch((version) => heard.push(version), () => { connected++ })
      assert.ok(connected >= 1)
      const result = await store.update({ cdnHost: 'watched.example.com' }, { actor: 'dave' })
      assert.ok(result.ok)
      await waitFor(() => heard.includes(result.value.version))
    })
  })
}

async function waitFor (condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
