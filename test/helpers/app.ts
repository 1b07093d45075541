// Builds a complete app on a real store for a test: config from an env table, store init, live
// settings following the store, and the Fastify app (not listening unless asked).
import { pino } from 'pino'
import type { FastifyInstance } from 'fastify'
import { loadConfig, type Config } from '../../src/config.js'
import { buildApp } from '../../src/http/app.js'
import type { Database } from '../../src/settings/database.js'
import { createLiveSettings, followStore, type LiveSettings } from '../../src/settings/live.js'
import { createSettingsStore, type SettingsStore } from '../../src/settings/store.js'
import { openEmbedded } from '../../src/settings/embedded.js'
import type { Traffic } from '../../src/metrics/traffic.js'

export const TOKEN = 'test-admin-token-0123456789'
export const auth = { authorization: `Bearer ${TOKEN}` }

export interface TestApp {
  readonly app: FastifyInstance
  readonly store: SettingsStore
  readonly live: LiveSettings
  readonly config: Config
  close(): Promise<void>
}

export interface TestAppOptions {
  readonly env?: Record<string, string>
  /** An open database to share with other apps; by default a fresh in-memory PGlite. */
  readonly db?: Database
  readonly pollMs?: number
  readonly traffic?: Traffic
  /** A built admin console (scripts/build-admin.js) to serve at /admin. */
  readonly adminDir?: string
}

export async function buildTestApp (options: TestAppOptions = {}): Promise<TestApp> {
  const config = loadConfig({ ADMIN_TOKEN: TOKEN, ...options.env })
  const db = options.db ?? await openEmbedded(undefined)
  const store = createSettingsStore(db)
  const initial = await store.init(config.initialSettings)
  const live = createLiveSettings({ initial, store, pollMs: options.pollMs })
  await followStore(live, store)
  const app = await buildApp({ config, store, live, logger: pino({ level: 'silent' }), traffic: options.traffic, adminDir: options.adminDir })
  return {
    app,
    store,
    live,
    config,
    close: async () => {
      await app.close()
      live.stop()
      if (options.db === undefined) await store.close()
    }
  }
}

export const video = (url: string): string => `/?video=${encodeURIComponent(url)}`
