// The in-memory snapshot: which settings it takes, when the split restarts, and how it behaves
// when the store cannot be read.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createLiveSettings } from '../../src/settings/live.js'
import type { Settings } from '../../src/settings/settings.js'
import { createSettingsStore, type SettingsStore } from '../../src/settings/store.js'
import { openEmbedded } from '../../src/settings/embedded.js'

const v1: Settings = { cdnHost: 'cdn.example.com', ratio: { cdn: 1, origin: 1 }, version: 1, updatedAt: new Date(0), updatedBy: 'init' }
const next = (settings: Settings, change: Partial<Settings>): Settings => ({ ...settings, version: settings.version + 1, ...change })

describe('live settings', () => {
  it('takes newer versions and ignores older or equal ones', () => {
    const live = createLiveSettings({ initial: v1 })
    const v2 = next(v1, { cdnHost: 'b.example.com' })
    assert.equal(live.apply(v2), true)
    assert.equal(live.apply(v1), false)
    assert.equal(live.apply(v2), false)
    assert.equal(live.current().settings, v2)
  })

  it('keeps counting when only the CDN host changes', () => {
    const live = createLiveSettings({ initial: v1 })
    assert.equal(live.current().splitter.next(), 'cdn')
    live.apply(next(v1, { cdnHost: 'b.example.com' }))
    assert.equal(live.current().splitter.next(), 'origin')
  })

  it('keeps counting when the same ratio is written again', () => {
    const live = createLiveSettings({ initial: v1 })
    live.current().splitter.next()
    live.apply(next(v1, { ratio: { cdn: 1, origin: 1 } }))
    assert.equal(live.current().splitter.next(), 'origin')
  })

  it('restarts the count at request 1 when the ratio changes', () => {
    const live = createLiveSettings({ initial: v1 })
    live.current().splitter.next()
    live.apply(next(v1, { ratio: { cdn: 1, origin: 2 } }))
    const targets = Array.from({ length: 3 }, () => live.current().splitter.next())
    assert.deepEqual(targets, ['cdn', 'origin', 'origin'])
  })

  it('reports the previous and the new settings to onChange', () => {
    const changes: Array<[number, number]> = []
    const live = createLiveSettings({ initial: v1, onChange: (previous, current) => changes.push([previous.version, current.version]) })
    live.apply(next(v1, {}))
    assert.deepEqual(changes, [[1, 2]])
  })

  it('keeps serving the last settings when the store fails, and recovers when it answers again', async () => {
    let failing = true
    const read = next(v1, { cdnHost: 'fresh.example.com' })
    const store = { read: async () => { if (failing) throw new Error('connection refused'); return read } } as unknown as SettingsStore
    const errors: unknown[] = []
    const live = createLiveSettings({ initial: v1, store, onSyncError: (error) => errors.push(error) })
    await live.refresh()
    await live.refresh()
    assert.equal(live.status().connected, false)
    assert.equal(live.status().lastError, 'connection refused')
    assert.equal(errors.length, 1, 'an outage is reported once, not on every retry')
    assert.equal(live.current().settings, v1)
    failing = false
    await live.refresh()
    assert.equal(live.status().connected, true)
    assert.equal(live.current().settings.cdnHost, 'fresh.example.com')
  })

  it('takes the store\'s settings on a re-sync even when they are older than what it serves', async () => {
    // A promoted replica or a restored backup can lack versions an instance had already seen.
    const store = createSettingsStore(await openEmbedded(undefined))
    try {
      const stored = await store.init({ cdnHost: 'stored.example.com', ratio: { cdn: 3, origin: 1 } })
      const changes: number[] = []
      const live = createLiveSettings({ initial: stored, store, onChange: (_previous, next) => changes.push(next.version) })
      live.apply({ ...stored, version: 7, cdnHost: 'lost.example.com' })
      await live.refresh()
      assert.equal(live.current().settings.cdnHost, 'lost.example.com', 'a plain re-read only moves forward')
      await live.resync()
      assert.deepEqual(live.current().settings, stored)
      assert.deepEqual(changes, [7, 1])
      await live.resync()
      assert.deepEqual(changes, [7, 1], 'the same settings again are no change')
    } finally {
      await store.close()
    }
  })
})
