// The settings store: read, versioned writes with history, rollback and change notifications.
// One implementation over the Database adapter serves both PostgreSQL engines.
import { err, ok, type Result } from '../result.js'
import type { Database, Queryable, Row } from './database.js'
import { migrate } from './migrate.js'
import type { Ratio, Settings, SettingsValues } from './settings.js'

export const SETTINGS_CHANNEL = 'balancer_settings'

export type HistoryAction = 'init' | 'update' | 'rollback'

export interface HistoryEntry {
  readonly version: number
  readonly cdnHost: string
  readonly ratio: Ratio
  readonly createdAt: Date
  readonly actor: string
  readonly action: HistoryAction
  /** For a rollback: the version whose content was restored. */
  readonly sourceVersion: number | null
}

export interface SettingsPatch {
  readonly cdnHost?: string
  readonly ratio?: Ratio
}

export interface WriteOptions {
  /** Who asks; recorded in the history. */
  readonly actor: string
  /** Write only if the current version is still this one (If-Match). */
  readonly ifVersion?: number
}

export type WriteError = { kind: 'conflict', current: Settings } | { kind: 'unknown-version' }

export interface SettingsStore {
  /** Brings the schema up to date and stores `initial` if the database has no settings yet. */
  init(initial: SettingsValues): Promise<Settings>
  read(): Promise<Settings>
  update(patch: SettingsPatch, options: WriteOptions): Promise<Result<Settings, WriteError>>
  rollback(version: number, options: WriteOptions): Promise<Result<Settings, WriteError>>
  history(limit: number): Promise<HistoryEntry[]>
  /** onChange gets the new version; onConnect runs after every (re)subscription. */
  watch(onChange: (version: number) => void, onConnect: () => void): Promise<void>
  close(): Promise<void>
}

const COLUMNS = 'cdn_host, cdn_weight, origin_weight, version, updated_at, updated_by'

export function createSettingsStore (db: Database): SettingsStore {
  return {
    async init (initial) {
      await migrate(db)
      return await db.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO settings (id, cdn_host, cdn_weight, origin_weight, version, updated_by)
           VALUES (1, $1, $2, $3, 1, 'init') ON CONFLICT (id) DO NOTHING RETURNING ${COLUMNS}`,
          [initial.cdnHost, initial.ratio.cdn, initial.ratio.origin])
        const row = inserted[0]
        if (row === undefined) return await readIn(tx)
        const settings = toSettings(row)
        await recordVersion(tx, settings, 'init', null)
        return settings
      })
    },

    read: async () => await readIn(db),

    async update (patch, options) {
      return await write(db, options, 'update', null, async (current) => ok({
        cdnHost: patch.cdnHost ?? current.cdnHost,
        ratio: patch.ratio ?? current.ratio
      }))
    },

    async rollback (version, options) {
      return await write(db, options, 'rollback', version, async (_current, tx) => {
        const rows = await tx.query('SELECT cdn_host, cdn_weight, origin_weight FROM settings_history WHERE version = $1', [version])
        const row = rows[0]
        return row === undefined ? err({ kind: 'unknown-version' }) : ok({ cdnHost: String(row.cdn_host), ratio: toRatio(row) })
      })
    },

    async history (limit) {
      const rows = await db.query(
        `SELECT version, cdn_host, cdn_weight, origin_weight, created_at, actor, action, source_version
         FROM settings_history ORDER BY version DESC LIMIT $1`, [limit])
      return rows.map((row) => ({
        version: Number(row.version),
        cdnHost: String(row.cdn_host),
        ratio: toRatio(row),
        createdAt: toDate(row.created_at),
        actor: String(row.actor),
        action: String(row.action) as HistoryAction,
        sourceVersion: row.source_version === null ? null : Number(row.source_version)
      }))
    },

    async watch (onChange, onConnect) {
      await db.listen(SETTINGS_CHANNEL, (payload) => onChange(Number(payload)), onConnect)
    },

    close: async () => { await db.close() }
  }
}

/**
 * The one write path: lock the row, check If-Match, compute the new values, then update the row,
 * add the history row and notify, all in one transaction: listeners never hear of a version
 * that did not commit, and no version is lost when writers race.
 */
async function write (
  db: Database,
  options: WriteOptions,
  action: HistoryAction,
  sourceVersion: number | null,
  next: (current: Settings, tx: Queryable) => Promise<Result<SettingsValues, WriteError>>
): Promise<Result<Settings, WriteError>> {
  return await db.transaction(async (tx) => {
    const current = await readIn(tx, ' FOR UPDATE')
    if (options.ifVersion !== undefined && options.ifVersion !== current.version) return err({ kind: 'conflict', current })
    const values = await next(current, tx)
    if (!values.ok) return values
    const rows = await tx.query(
      `UPDATE settings SET cdn_host = $1, cdn_weight = $2, origin_weight = $3, version = version + 1,
       updated_at = now(), updated_by = $4 WHERE id = 1 RETURNING ${COLUMNS}`,
      [values.value.cdnHost, values.value.ratio.cdn, values.value.ratio.origin, options.actor])
    const settings = toSettings(firstRow(rows))
    await recordVersion(tx, settings, action, sourceVersion)
    return ok(settings)
  })
}

async function recordVersion (tx: Queryable, settings: Settings, action: HistoryAction, sourceVersion: number | null): Promise<void> {
  await tx.query(
    `INSERT INTO settings_history (version, cdn_host, cdn_weight, origin_weight, created_at, actor, action, source_version)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [settings.version, settings.cdnHost, settings.ratio.cdn, settings.ratio.origin, settings.updatedAt, settings.updatedBy, action, sourceVersion])
  await tx.query('SELECT pg_notify($1, $2)', [SETTINGS_CHANNEL, String(settings.version)])
}

async function readIn (q: Queryable, lock = ''): Promise<Settings> {
  return toSettings(firstRow(await q.query(`SELECT ${COLUMNS} FROM settings WHERE id = 1${lock}`)))
}

function firstRow (rows: Row[]): Row {
  const row = rows[0]
  if (row === undefined) throw new Error('the settings table is empty: the store was not initialised')
  return row
}

function toSettings (row: Row): Settings {
  return {
    cdnHost: String(row.cdn_host),
    ratio: toRatio(row),
    version: Number(row.version),
    updatedAt: toDate(row.updated_at),
    updatedBy: String(row.updated_by)
  }
}

function toRatio (row: Row): Ratio {
  return { cdn: Number(row.cdn_weight), origin: Number(row.origin_weight) }
}

function toDate (value: unknown): Date {
  return value instanceof Date ? value : new Date(String(value))
}
