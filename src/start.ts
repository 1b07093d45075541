// Start-up without listen(): the settings (store, fallbacks, background reconnection) and, for a
// process that serves requests itself, the app. A cluster primary takes only the settings part.
import { join } from 'node:path'
import type { FastifyInstance } from 'fastify'
import type { Logger } from 'pino'
import type { Registry } from 'prom-client'
import type { Config } from './config.js'
import { buildApp } from './http/app.js'
import type { Traffic } from './metrics/traffic.js'
import type { Database } from './settings/database.js'
import { openEmbedded } from './settings/embedded.js'
import { createLiveSettings, followStore, type LiveSettings, type SettingsSource } from './settings/live.js'
import { connectPostgres } from './settings/postgres.js'
import { retryWithBackoff } from './settings/retry.js'
import { formatRatio, type Settings } from './settings/settings.js'
import { createSnapshotFile, type SnapshotFile } from './settings/snapshot-file.js'
import { createSettingsStore, type SettingsStore } from './settings/store.js'

export interface SettingsDeps {
  readonly config: Config
  readonly logger: Logger
  readonly openDatabase?: (config: Config) => Promise<Database>
  /** Backoff between attempts to reach the store after a failed start-up. */
  readonly retry?: { readonly minMs: number, readonly maxMs: number }
  /** Told of every settings change this process sees, after it is logged and saved. */
  readonly onChange?: (settings: Settings) => void
}

export interface SettingsService {
  readonly store: SettingsStore
  readonly live: LiveSettings
  close(): Promise<void>
}

export interface StartDeps extends SettingsDeps {
  readonly traffic?: Traffic
  readonly registry?: Registry
  /** The built admin console (see AppDeps.adminDir). */
  readonly adminDir?: string
  /** Shown in the OpenAPI document. */
  readonly version?: string
}

export interface Service {
  readonly app: FastifyInstance
  readonly live: LiveSettings
  /** Readiness 503 at once; after drainMs stop taking connections, finish requests, close the store. */
  shutdown(drainMs: number): Promise<void>
}

/** The whole service of one process: settings, followed, and the app (not yet listening). */
export async function startService (deps: StartDeps): Promise<Service> {
  const { config, logger } = deps
  const settings = await startSettings(deps)
  const { store, live } = settings
  let draining = false
  const app = await buildApp({ config, store, live, logger, traffic: deps.traffic, registry: deps.registry, adminDir: deps.adminDir, version: deps.version, isDraining: () => draining })
  return {
    app,
    live,
    async shutdown (drainMs) {
      draining = true
      await delay(drainMs)
      await app.close()
      await settings.close()
    }
  }
}

/**
 * Opens the store and chooses the settings to serve (the store's; if it is unreachable, the
 * snapshot file's; if there is none, the environment's), then keeps reaching for the store in the
 * background until it is initialised and followed.
 */
export async function startSettings (deps: SettingsDeps): Promise<SettingsService> {
  const { config, logger } = deps
  const db = await (deps.openDatabase ?? openDatabase)(config)
  const store = createSettingsStore(db)
  const snapshotFile = createSnapshotFile(join(config.dataDir, 'settings-snapshot.json'))
  const { initial, source } = await initialSettings(store, snapshotFile, config, logger)

  const live = createLiveSettings({
    initial,
    source,
    store,
    pollMs: config.settingsPollMs,
    onChange: (previous, next) => {
      logger.info({ version: next.version, actor: next.updatedBy, from: summarise(previous), to: summarise(next) }, 'settings changed')
      saveSnapshot(snapshotFile, next, logger)
      deps.onChange?.(next)
    },
    onSyncError: (error) => logger.warn({ err: error }, 'settings store unreachable; serving the last known settings'),
    onSyncRestored: () => logger.info({ version: live.current().settings.version }, 'settings store reachable again; settings re-read')
  })
  if (source === 'store') saveSnapshot(snapshotFile, initial, logger)

  // init is idempotent, so an attempt that failed half-way is simply made again.
  let initialised = source === 'store'
  const link = retryWithBackoff(async () => {
    if (!initialised) await store.init(config.initialSettings)
    initialised = true
    await followStore(live, store)
  }, {
    ...(deps.retry ?? { minMs: 500, maxMs: 30_000 }),
    onFailure: (error, attempt, delayMs) => logger.warn({ err: error, attempt, retryInMs: delayMs }, 'cannot reach the settings store; retrying')
  })
  link.done.then(() => { if (source !== 'store') logger.info('settings store connected and followed') })
  // From the store, start-up waits for the subscription (or its first failure); from a fallback, not.
  if (source === 'store') await link.first

  return {
    store,
    live,
    async close () {
      link.stop()
      live.stop()
      await store.close()
    }
  }
}

export async function delay (ms: number): Promise<void> {
  if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms))
}

async function openDatabase (config: Config): Promise<Database> {
  return config.databaseUrl === undefined ? await openEmbedded(join(config.dataDir, 'pglite')) : connectPostgres(config.databaseUrl)
}

async function initialSettings (store: SettingsStore, file: SnapshotFile, config: Config, logger: Logger): Promise<{ initial: Settings, source: SettingsSource }> {
  try {
    return { initial: await store.init(config.initialSettings), source: 'store' }
  } catch (error) {
    logger.error({ err: error }, 'settings store unreachable at start-up')
  }
  const saved = await file.read().catch((error: unknown) => ({ ok: false as const, error: String(error) }))
  if (saved.ok && saved.value !== undefined) {
    logger.warn({ file: file.path, settings: summarise(saved.value) }, 'serving the settings of the snapshot file until the store is reachable')
    return { initial: saved.value, source: 'snapshot-file' }
  }
  if (!saved.ok) logger.error({ file: file.path, reason: saved.error }, 'the snapshot file cannot be used')
  // Version 0: any version the store holds replaces these once it is reachable.
  const initial = { ...config.initialSettings, version: 0, updatedAt: new Date(), updatedBy: 'environment' }
  logger.warn({ settings: summarise(initial) }, 'no snapshot file: serving the environment\'s initial settings until the store is reachable')
  return { initial, source: 'environment' }
}

function saveSnapshot (file: SnapshotFile, settings: Settings, logger: Logger): void {
  file.write(settings).catch((error: unknown) => logger.error({ err: error, file: file.path }, 'cannot write the snapshot file'))
}

export function summarise (settings: Settings): Record<string, unknown> {
  return { version: settings.version, cdnHost: settings.cdnHost, ratio: formatRatio(settings.ratio) }
}
