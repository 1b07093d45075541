// The two roles of a multi-worker service (WORKERS > 1). The primary owns the settings (store,
// fallbacks, reconnection) and the workers; each worker serves redirects and the API on the
// shared port with settings pushed from the primary, and hands its writes to it.
import type { Logger } from 'pino'
import { Registry } from 'prom-client'
import type { Config } from '../config.js'
import { buildApp } from '../http/app.js'
import { createTraffic } from '../metrics/traffic.js'
import type { LiveSettings } from '../settings/live.js'
import { delay, startSettings, type Service } from '../start.js'
import { startPrimary, type Primary } from './primary.js'
import { linkToPrimary } from './worker.js'

export interface PrimaryProcess {
  readonly live: LiveSettings
  /** Workers drain and stop first, then the store closes. */
  shutdown(): Promise<void>
}

export async function startClusterPrimary (deps: { config: Config, logger: Logger, workerEnv?: Record<string, string> }): Promise<PrimaryProcess> {
  const { config, logger } = deps
  // The settings start first (the workers need them); changes seen from then on go to the workers.
  const relay: { primary?: Primary } = {}
  const settings = await startSettings({ config, logger, onChange: (next) => relay.primary?.broadcast({ push: 'settings', settings: next }) })
  const primary = startPrimary({ workers: config.workers, env: deps.workerEnv, store: settings.store, live: settings.live, logger })
  relay.primary = primary
  return {
    live: settings.live,
    async shutdown () {
      await primary.stop()
      await settings.close()
    }
  }
}

export async function startClusterWorker (deps: { config: Config, logger: Logger, adminDir?: string, version?: string }): Promise<Service> {
  const { config, logger } = deps
  const traffic = createTraffic()
  const registry = new Registry()
  // A worker's process always has its IPC channel: it was forked by the primary.
  const channel = { send: (message: unknown) => process.send?.(message) ?? false, on: process.on.bind(process), off: process.off.bind(process) }
  const link = await linkToPrimary(channel, traffic, registry)
  let draining = false
  const app = await buildApp({
    config,
    store: link.store,
    live: link.live,
    logger,
    traffic,
    registry,
    adminDir: deps.adminDir,
    version: deps.version,
    report: { metrics: link.metrics, traffic: link.totals },
    isDraining: () => draining
  })
  return {
    app,
    live: link.live,
    async shutdown (drainMs) {
      draining = true
      await delay(drainMs)
      await app.close()
      link.close()
    }
  }
}
