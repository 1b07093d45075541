// The process entry: read the config, start the service, listen, and shut down gracefully.
// The only module that touches process.env, signals and listen().
import cluster from 'node:cluster'
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { ConfigError, loadConfig, loggableConfig, type Config } from './config.js'
import { startClusterPrimary, startClusterWorker } from './cluster/roles.js'
import type { LiveSettings } from './settings/live.js'
import { startService, summarise } from './start.js'

// Both are one folder up from dist/main.js and from src/main.ts (npm run dev): the built admin
// console, and package.json for the version the OpenAPI document shows.
const adminDir = fileURLToPath(new URL('../dist/public/admin', import.meta.url))
const version = String((JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version)

async function main (): Promise<void> {
  const config = readConfig()
  if (config.workers > 1 && cluster.isWorker) return await runWorker(config)
  const logger = pino({ level: config.logLevel })
  const generated = config.adminTokens.length > 0 ? undefined : generatedToken()
  const effective = { ...config, adminTokens: generated === undefined ? config.adminTokens : [generated] }

  let shutdown: () => Promise<void>
  let live: LiveSettings
  if (config.workers > 1) {
    // Workers read the same environment; a made-up token must be theirs too.
    const primary = await startClusterPrimary({ config: effective, logger, workerEnv: generated === undefined ? {} : { ADMIN_TOKEN: generated.token } })
    shutdown = primary.shutdown
    live = primary.live
  } else {
    const service = await startService({ config: effective, logger, adminDir, version })
    await service.app.listen({ port: config.port, host: config.host })
    shutdown = async () => await service.shutdown(config.shutdownDrainMs)
    live = service.live
  }
  const { settings } = live.current()
  logger.info({ config: loggableConfig(effective), settings: summarise(settings), source: live.status().source }, 'balancer started')

  closeWithGrace({ delay: config.shutdownTimeoutMs, logger }, async ({ signal, err }) => {
    if (err !== undefined) logger.error({ err }, 'shutting down after an error')
    else logger.info({ signal, drainMs: config.shutdownDrainMs }, 'shutting down: readiness 503, then closing')
    await shutdown()
    logger.info('shut down')
  })
}

/** A cluster worker: serves on the shared port; its primary owns the settings and its life. */
async function runWorker (config: Config): Promise<void> {
  const logger = pino({ level: config.logLevel }).child({ worker: cluster.worker?.id })
  const service = await startClusterWorker({ config, logger, adminDir, version })
  await service.app.listen({ port: config.port, host: config.host })
  closeWithGrace({ delay: config.shutdownTimeoutMs, logger }, async () => { await service.shutdown(config.shutdownDrainMs) })
  // A primary that died without stopping its workers leaves them nothing to serve: go too.
  process.once('disconnect', () => {
    logger.error('the primary process is gone; exiting')
    process.exit(1)
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
