// Embedded PostgreSQL (PGlite, compiled to WASM) persisted in a folder: the zero-setup default.
// Only one process may open the folder at a time.
import { mkdirSync } from 'node:fs'
import { PGlite, type Transaction } from '@electric-sql/pglite'
import type { Database, Queryable, Row } from './database.js'

export async function openEmbedded (dataDir: string | undefined): Promise<Database> {
  if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true })
  const db = await PGlite.create(dataDir)
  const wrap = (run: PGlite | Transaction): Queryable => ({
    query: async (text, params = []) => (await run.query<Row>(text, [...params])).rows,
    exec: async (script) => { await run.exec(script) }
  })
  return {
    ...wrap(db),
    transaction: async (work) => await db.transaction(async (tx) => await work(wrap(tx))),
    listen: async (channel, onNotify, onListen) => {
      await db.listen(channel, onNotify)
      onListen()
    },
    close: async () => { await db.close() }
  }
}
