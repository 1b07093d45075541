// Start-up: read the config, open the store, build the app, listen, and shut down gracefully.
// The only module that touches process.env, signals and listen().
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { ConfigError, loadConfig, type Config } from './config.js'
import { buildApp } from './http/app.js'
import { openEmbedded } from './settings/embedded.js'
import { createLiveSettings, followStore } from './settings/live.js'
import { connectPostgres } from './settings/postgres.js'
import { createTraffic } from './metrics/traffic.js'
import { formatRatio } from './settings/settings.js'
import { createSettingsStore } from './settings/store.js'

async function main (): Promise<void> {
  const config = readConfig()
  const logger = pino({ level: config.logLevel })
  const adminTokens = config.adminTokens.length > 0 ? config.adminTokens : [generatedToken()]

  const db = config.databaseUrl === undefined
    ? await openEmbedded(join(config.dataDir, 'pglite'))
    : connectPostgres(config.databaseUrl)
  const store = createSettingsStore(db)
  const initial = await store.init(config.initialSettings)

  const live = createLiveSettings({
    initial,
    store,
    pollMs: config.settingsPollMs,
    onChange: (previous, next) => logger.info({
      version: next.version,
      actor: next.updatedBy,
      from: { cdnHost: previous.cdnHost, ratio: formatRatio(previous.ratio) },
      to: { cdnHost: next.cdnHost, ratio: formatRatio(next.ratio) }
    }, 'settings changed'),
    onSyncError: (error) => logger.warn({ err: error }, 'settings store unreachable; serving the last known settings')
  })
  await followStore(live, store)

  let draining = false
  const traffic = createTraffic()
  // dist/public/admin, built by `npm run build`: the same path from dist/main.js and from src/main.ts (npm run dev).
  const adminDir = fileURLToPath(new URL('../dist/public/admin', import.meta.url))
  const app = await buildApp({ config: { ...config, adminTokens }, store, live, logger, traffic, adminDir, isDraining: () => draining })
  await app.listen({ port: config.port, host: config.host })
  logger.info({
    store: config.databaseUrl === undefined ? `embedded (${join(config.dataDir, 'pglite')})` : 'postgresql',
    originDomain: config.origin.domain,
    redirectStatus: config.redirectStatus,
    admins: adminTokens.map((token) => token.name),
    settings: { version: initial.version, cdnHost: initial.cdnHost, ratio: formatRatio(initial.ratio) }
  }, 'balancer started')

  closeWithGrace({ delay: config.shutdownTimeoutMs, logger }, async ({ signal, err }) => {
    if (err !== undefined) logger.error({ err }, 'shutting down after an error')
    else logger.info({ signal }, 'shutting down')
    draining = true
    await app.close()
    live.stop()
    await store.close()
  })
}

function readConfig (): Config {
  try {
    return loadConfig(process.env)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    process.stderr.write(`balancer: invalid configuration: ${error.message}\n`)
    process.exit(1)
  }
}

/** With no ADMIN_TOKEN the API is never open: a token is made for this run and shown once. */
function generatedToken (): { name: string, token: string } {
  const token = randomBytes(24).toString('base64url')
  process.stderr.write(`\nNo ADMIN_TOKEN set: the settings API accepts this token until the process stops:\n\n    ${token}\n\n`)
  return { name: 'admin', token }
}

await main()
