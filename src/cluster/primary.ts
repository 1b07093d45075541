// The primary process of a multi-worker service. It alone owns the store (the embedded database
// can be opened by one process only): it follows the settings, pushes every change to the workers,
// carries out the writes they hand it, sums their traffic counts, and restarts a worker that dies.
import cluster, { type Worker } from 'node:cluster'
import type { FastifyBaseLogger } from 'fastify'
import { AggregatorRegistry } from 'prom-client'
import { sumTraffic, type TrafficCounts } from '../metrics/traffic.js'
import type { LiveSettings } from '../settings/live.js'
import type { Result } from '../result.js'
import type { Settings } from '../settings/settings.js'
import type { SettingsPatch, SettingsStore, WriteError, WriteOptions } from '../settings/store.js'
import type { Push, WorkerStart } from './messages.js'
import { createRpcClient, serveRpc, type RpcClient } from './rpc.js'

export interface PrimaryDeps {
  readonly workers: number
  /** Added to each worker's environment (the admin token made up at start-up, if any). */
  readonly env?: Readonly<Record<string, string>>
  readonly store: SettingsStore
  readonly live: LiveSettings
  readonly logger: FastifyBaseLogger
}

export interface Primary {
  /** Sends a push to every worker (a settings change, the store's state). */
  broadcast(push: Push): void
  /** Asks every worker to shut down gracefully and resolves when all have exited. */
  stop(): Promise<void>
}

export function startPrimary (deps: PrimaryDeps): Primary {
  const { store, live, logger } = deps
  const workers = new Set<Worker>()
  // Only workers that have asked for their start answer calls: a new one is still loading.
  const answering = new Map<Worker, RpcClient>()
  let stopping = false

  const fork = (): void => {
    const worker = cluster.fork(deps.env)
    const client = createRpcClient(worker)
    workers.add(worker)
    serveRpc(worker, {
      start: async (): Promise<WorkerStart> => {
        answering.set(worker, client)
        return { settings: live.current().settings, status: live.status() }
      },
      update: async ({ patch, options }: { patch: SettingsPatch, options: WriteOptions }) => applied(await store.update(patch, options)),
      rollback: async ({ version, options }: { version: number, options: WriteOptions }) => applied(await store.rollback(version, options)),
      history: async ({ limit }: { limit: number }) => await store.history(limit),
      traffic: async () => sumTraffic(await askAll<TrafficCounts>('counts')),
      metrics: async () => await AggregatorRegistry.aggregate(await askAll<object[]>('metrics')).metrics()
    })
    worker.on('exit', (code, signal) => {
      client.close()
      workers.delete(worker)
      answering.delete(worker)
      if (stopping) return
      logger.error({ worker: worker.id, code, signal }, 'worker died; starting another')
      fork()
    })
  }

  // A worker that died took its counts with it: the totals drop, as a counter does on a restart.
  const askAll = async <T>(method: string): Promise<T[]> =>
    await Promise.all([...answering].filter(([worker]) => worker.isConnected()).map(async ([, client]) => await client.call<T>(method)))

  // A write is applied here first, which pushes it to every worker (the writer included) ahead of
  // the reply on the same channel: the writer's next redirect already follows it.
  const applied = (result: Result<Settings, WriteError>): Result<Settings, WriteError> => {
    if (result.ok) live.apply(result.value)
    return result
  }

  const broadcast = (push: Push): void => {
    for (const worker of workers) if (worker.isConnected()) worker.send(push)
  }

  // 'advanced' serialization keeps Dates as Dates across the channel.
  cluster.setupPrimary({ serialization: 'advanced' })
  for (let i = 0; i < deps.workers; i++) fork()
  // The store's state changes without a settings change (an outage, a sync): workers hear it each second.
  const statusTimer = setInterval(() => broadcast({ push: 'status', status: live.status() }), 1000)
  statusTimer.unref()

  return {
    broadcast,
    stop: async () => {
      stopping = true
      clearInterval(statusTimer)
      const exits = [...workers].map(async (worker) => await new Promise<void>((resolve) => {
        if (worker.isDead()) return resolve()
        worker.once('exit', () => resolve())
        worker.process.kill('SIGTERM')
      }))
      await Promise.all(exits)
    }
  }
}
