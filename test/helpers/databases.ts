// Fresh, isolated databases for tests: an in-memory PGlite, or a throw-away database on the
// PostgreSQL server named by TEST_DATABASE_URL (skipped, with the reason, when it is unset).
import { randomBytes } from 'node:crypto'
import postgres from 'postgres'
import { openEmbedded } from '../../src/settings/embedded.js'
import { connectPostgres } from '../../src/settings/postgres.js'
import type { Database } from '../../src/settings/database.js'

export const serverUrl = process.env.TEST_DATABASE_URL
export const noServer = serverUrl === undefined ? 'TEST_DATABASE_URL is not set' : false

export interface Engine {
  readonly name: string
  /** Why the engine's tests are skipped, or false when they run. */
  readonly skip: string | false
  /** A new empty database; `open` connects to it, and may be called again (a second instance). */
  create(): Promise<TestDatabase>
}

export interface TestDatabase {
  open(): Promise<Database>
  /** For server databases: the URL a separate process can use. */
  readonly url: string | undefined
  drop(): Promise<void>
}

export const embedded: Engine = {
  name: 'embedded (PGlite)',
  skip: false,
  async create () {
    // In-memory PGlite lives in one object, so every open() hands out the same one.
    const db = await openEmbedded(undefined)
    return { open: async () => db, url: undefined, drop: async () => { await db.close() } }
  }
}

export const server: Engine = {
  name: 'PostgreSQL server',
  skip: noServer,
  async create () {
    const admin = postgres(requireServerUrl(), { max: 1, onnotice: () => {} })
    const name = `balancer_test_${randomBytes(6).toString('hex')}`
    await admin.unsafe(`CREATE DATABASE ${name}`)
    const url = databaseUrl(name)
    const opened: Database[] = []
    return {
      url,
      open: async () => {
        const db = connectPostgres(url)
        opened.push(db)
        return db
      },
      drop: async () => {
        await Promise.all(opened.map(async (db) => await db.close()))
        await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await admin.end()
      }
    }
  }
}

export const engines: readonly Engine[] = [embedded, server]

function requireServerUrl (): string {
  if (serverUrl === undefined) throw new Error('TEST_DATABASE_URL is not set')
  return serverUrl
}

function databaseUrl (name: string): string {
  const url = new URL(requireServerUrl())
  url.pathname = `/${name}`
  return url.toString()
}
