// A worker's side of the cluster: its settings snapshot follows what the primary pushes, its
// settings writes are handed to the primary, and it reports its own traffic counts when asked.
import type { HistoryEntry, SettingsPatch, WriteError, WriteOptions } from '../settings/store.js'
import type { SettingsWriter } from '../http/settings-api.js'
import { createLiveSettings, type LiveSettings, type SyncStatus } from '../settings/live.js'
import type { Settings } from '../settings/settings.js'
import type { Registry } from 'prom-client'
import type { Traffic, TrafficCounts } from '../metrics/traffic.js'
import type { Result } from '../result.js'
import { isPush, type WorkerStart } from './messages.js'
import { createRpcClient, serveRpc, type Channel } from './rpc.js'

export interface PrimaryLink {
  readonly live: LiveSettings
  readonly store: SettingsWriter
  /** The traffic of the whole service: every worker's counts, summed by the primary. */
  totals(): Promise<TrafficCounts>
  /** Prometheus text for the whole service: every worker's registry, aggregated by the primary. */
  metrics(): Promise<string>
  close(): void
}

export async function linkToPrimary (channel: Channel, traffic: Traffic, registry: Registry): Promise<PrimaryLink> {
  const rpc = createRpcClient(channel)
  serveRpc(channel, {
    counts: async () => traffic.counts(),
    metrics: async () => await registry.getMetricsAsJSON()
  })
  const start = await rpc.call<WorkerStart>('start')
  const live = createLiveSettings({ initial: start.settings })
  let status: SyncStatus = start.status
  // Pushes sent before the start answer are already in it; later ones arrive after it, in order.
  const onPush = (message: unknown): void => {
    if (!isPush(message)) return
    if (message.push === 'settings') live.apply(message.settings)
    else status = message.status
  }
  channel.on('message', onPush)
  return {
    live: { ...live, status: () => status },
    store: {
      update: async (patch: SettingsPatch, options: WriteOptions) => await rpc.call<Result<Settings, WriteError>>('update', { patch, options }),
      rollback: async (version: number, options: WriteOptions) => await rpc.call<Result<Settings, WriteError>>('rollback', { version, options }),
      history: async (limit: number) => await rpc.call<HistoryEntry[]>('history', { limit })
    },
    totals: async () => await rpc.call<TrafficCounts>('traffic'),
    metrics: async () => await rpc.call<string>('metrics'),
    close: () => {
      channel.off('message', onPush)
      rpc.close()
    }
  }
}
