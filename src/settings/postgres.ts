// A PostgreSQL server through postgres.js, which reconnects by itself and re-subscribes LISTEN.
import postgres from 'postgres'
import type { Database, Queryable, Row } from './database.js'

export interface PostgresOptions {
  /** Called with a short reason when a connection fails; never with the URL (it may hold a password). */
  onError?: (reason: string) => void
  max?: number
}

export function connectPostgres (url: string, options: PostgresOptions = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 4,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 0,
    // Timestamps come back as Date; int4 columns as numbers already.
    connection: { application_name: 'balancer' }
  })
  const wrap = (run: postgres.Sql | postgres.TransactionSql): Queryable => ({
    query: async (text, params = []) => await run.unsafe<Row[]>(text, params as postgres.ParameterOrJSON<never>[]),
    exec: async (script) => { await run.unsafe(script) }
  })
  const base = wrap(sql)
  return {
    ...base,
    transaction: async <T>(work: (tx: Queryable) => Promise<T>) => await sql.begin(async (tx) => await work(wrap(tx))) as T,
    listen: async (channel, onNotify, onListen) => {
      await sql.listen(channel, onNotify, onListen)
    },
    close: async () => { await sql.end({ timeout: 2 }) }
  }
}
