// A PostgreSQL server through postgres.js, which reconnects by itself and re-subscribes LISTEN
// (calling onListen again) once a subscription has been made.
import postgres from 'postgres'
import type { Database, Queryable, Row } from './database.js'

export function connectPostgres (url: string): Database {
  const settings = {
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 0,
    // Timestamps come back as Date; int4 columns as numbers already.
    connection: { application_name: 'balancer' }
  }
  const sql = postgres(url, { ...settings, max: 4 })
  const listeners: postgres.Sql[] = []
  const wrap = (run: postgres.Sql | postgres.TransactionSql): Queryable => ({
    query: async (text, params = []) => await run.unsafe<Row[]>(text, params as postgres.ParameterOrJSON<never>[]),
    exec: async (script) => { await run.unsafe(script) }
  })
  const base = wrap(sql)
  return {
    ...base,
    transaction: async <T>(work: (tx: Queryable) => Promise<T>) => await sql.begin(async (tx) => await work(wrap(tx))) as T,
    // A LISTEN whose first attempt failed stays failed inside its client (later calls await the
    // same rejected query), so each attempt gets a client of its own, dropped when it fails.
    listen: async (channel, onNotify, onListen) => {
      const listener = postgres(url, { ...settings, max: 1 })
      try {
        await listener.listen(channel, onNotify, onListen)
        listeners.push(listener)
      } catch (error) {
        await listener.end({ timeout: 0 })
        throw error
      }
    },
    close: async () => { await Promise.all([sql, ...listeners].map(async (client) => await client.end({ timeout: 2 }))) }
  }
}
