// Runs the numbered .sql files in sql/ that the database has not seen yet, in order, in one
// transaction, under an advisory lock so that instances starting together do not race.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Database } from './database.js'

const SQL_DIR = fileURLToPath(new URL('./sql/', import.meta.url))
// Any constant shared by all instances; it only has to differ from other advisory locks in the database.
const MIGRATION_LOCK = 4_120_731

export interface Migration {
  readonly version: number
  readonly name: string
  readonly script: string
}

export function readMigrations (dir = SQL_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^[0-9]+_.+\.sql$/.test(file))
    .map((file) => ({ version: Number.parseInt(file, 10), name: file, script: readFileSync(dir + file, 'utf8') }))
    .sort((a, b) => a.version - b.version)
}

/** Applies what is missing and returns the names of the migrations it applied. */
export async function migrate (db: Database, migrations = readMigrations()): Promise<string[]> {
  return await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      name       text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const done = new Set((await tx.query('SELECT version FROM schema_migrations')).map((row) => Number(row.version)))
    const applied: string[] = []
    for (const migration of migrations) {
      if (done.has(migration.version)) continue
      await tx.exec(migration.script)
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name])
      applied.push(migration.name)
    }
    return applied
  })
}
