// The process entry: read the config, start the service, listen, and shut down gracefully.
// The only module that touches process.env, signals and listen().
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import closeWithGrace from 'close-with-grace'
import { pino } from 'pino'
import { ConfigError, loadConfig, loggableConfig, type Config } from './config.js'
import { startService, summarise } from './start.js'

async function main (): Promise<void> {
  const config = readConfig()
  const logger = pino({ level: config.logLevel })
  const adminTokens = config.adminTokens.length > 0 ? config.adminTokens : [generatedToken()]
  const effective = { ...config, adminTokens }

  // dist/public/admin, built by `npm run build`: the same path from dist/main.js and from src/main.ts (npm run dev).
  const adminDir = fileURLToPath(new URL('../dist/public/admin', import.meta.url))
  const service = await startService({ config: effective, logger, adminDir })
  await service.app.listen({ port: config.port, host: config.host })
  const { settings } = service.live.current()
  logger.info({ config: loggableConfig(effective), settings: summarise(settings), source: service.live.status().source }, 'balancer started')

  closeWithGrace({ delay: config.shutdownTimeoutMs, logger }, async ({ signal, err }) => {
    if (err !== undefined) logger.error({ err }, 'shutting down after an error')
    else logger.info({ signal, drainMs: config.shutdownDrainMs }, 'shutting down: readiness 503, then closing')
    await service.shutdown(config.shutdownDrainMs)
    logger.info('shut down')
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
