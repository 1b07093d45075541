// Two app instances on one database: a change made through one reaches the other by
// LISTEN/NOTIFY (the periodic re-read is set to ten minutes, far beyond the test's wait). The wait
// is bounded loosely so a loaded machine cannot fail it; the benchmark measures the real delay.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { auth, buildTestApp, type TestApp } from '../helpers/app.js'
import { engines, type TestDatabase } from '../helpers/databases.js'

for (const engine of engines) {
  describe(`propagation between instances on ${engine.name}`, { skip: engine.skip }, () => {
    let database: TestDatabase
    let a: TestApp
    let b: TestApp

    before(async () => {
      database = await engine.create()
      a = await buildTestApp({ db: await database.open(), pollMs: 600_000 })
      b = await buildTestApp({ db: await database.open(), pollMs: 600_000 })
    })
    after(async () => {
      await a.close()
      await b.close()
      await database.drop()
    })

    it('serves a change made through one instance from the other by notification, without waiting for a re-read', async () => {
      const started = Date.now()
      const response = await a.app.inject({ method: 'PATCH', url: '/api/settings', headers: auth, payload: { cdnHost: 'moved.example.com' } })
      assert.equal(response.statusCode, 200)
      while (b.live.current().settings.cdnHost !== 'moved.example.com') {
        assert.ok(Date.now() - started < 5000, 'the change did not arrive by notification')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      const redirect = await b.app.inject({ url: '/?video=http://s2.origin-cluster/x.m3u8' })
      assert.equal(redirect.headers.location, 'http://moved.example.com/s2/x.m3u8')
    })

    it('starts the other instance\'s split afresh when the ratio changes', async () => {
      for (let i = 0; i < 3; i++) await b.app.inject({ url: '/?video=http://s2.origin-cluster/x.m3u8' })
      await a.app.inject({ method: 'PATCH', url: '/api/settings', headers: auth, payload: { ratio: { cdn: 2, origin: 1 } } })
      const deadline = Date.now() + 5000
      while (b.live.current().settings.ratio.cdn !== 2) {
        assert.ok(Date.now() < deadline, 'the change did not arrive by notification')
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      const locations = []
      for (let i = 0; i < 6; i++) locations.push((await b.app.inject({ url: '/?video=http://s2.origin-cluster/x.m3u8' })).headers.location)
      const origin = 'http://s2.origin-cluster/x.m3u8'
      const cdn = 'http://moved.example.com/s2/x.m3u8'
      assert.deepEqual(locations, [cdn, cdn, origin, cdn, cdn, origin])
    })
  })
}
