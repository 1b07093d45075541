// The redirect path never touches the database: 10,000 redirects served over real HTTP by the real
// app, on a store whose every statement is counted.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { AddressInfo } from 'node:net'
import { openEmbedded } from '../../src/settings/embedded.js'
import type { Database, Queryable } from '../../src/settings/database.js'
import { auth, buildTestApp, type TestApp } from '../helpers/app.js'

const REDIRECTS = 10_000
const CONCURRENCY = 50

/** The same database, with every statement it is asked to run counted (transactions included). */
function countQueries (db: Database): { db: Database, count: () => number } {
  let count = 0
  const counted = (inner: Queryable): Queryable => ({
    query: async (text, params) => { count++; return await inner.query(text, params) },
    exec: async (script) => { count++; await inner.exec(script) }
  })
  return {
    db: { ...db, ...counted(db), transaction: async (work) => await db.transaction(async (tx) => await work(counted(tx))) },
    count: () => count
  }
}

describe('the redirect path and the database', () => {
  let t: TestApp
  let inner: Database
  let queries: () => number
  let base: string

  before(async () => {
    inner = await openEmbedded(undefined)
    const counting = countQueries(inner)
    queries = counting.count
    t = await buildTestApp({ db: counting.db })
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`
  })
  after(async () => {
    await t.close()
    await inner.close()
  })

  it('serves 10,000 redirects without a single query', async () => {
    const before = queries()
    const statuses = new Map<number, number>()
    for (let sent = 0; sent < REDIRECTS; sent += CONCURRENCY) {
      const batch = Array.from({ length: CONCURRENCY }, async (_, i) => {
        const response = await fetch(`${base}/?video=http://s${i % 4 + 1}.origin-cluster/video/${sent + i}.m3u8`, { redirect: 'manual' })
        await response.arrayBuffer()
        return response.status
      })
      for (const status of await Promise.all(batch)) statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
    assert.deepEqual([...statuses], [[301, REDIRECTS]])
    assert.equal(queries(), before)
  })

  it('counts the queries of a history read, so a query on the redirect path would show', async () => {
    const before = queries()
    const response = await t.app.inject({ method: 'GET', url: '/api/settings/history', headers: auth })
    assert.equal(response.statusCode, 200)
    assert.ok(queries() > before)
  })
})
