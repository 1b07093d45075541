// The settings store's state as the HTTP answers report it (/health/ready, /api/traffic).
import { Type, type Static } from 'typebox'
import type { LiveSettings } from '../settings/live.js'

export const StoreStateSchema = Type.Object({
  connected: Type.Boolean({ description: 'Whether the last read of the settings store succeeded' }),
  source: Type.Union([Type.Literal('store'), Type.Literal('snapshot-file'), Type.Literal('environment')], {
    description: 'Where the settings served come from: the store, or, while it has been unreachable since start-up, the snapshot file or the environment'
  }),
  lastSyncAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()])
})

export function storeState (live: LiveSettings): Static<typeof StoreStateSchema> {
  const status = live.status()
  return { connected: status.connected, source: status.source, lastSyncAt: status.lastSyncAt?.toISOString() ?? null, lastError: status.lastError ?? null }
}
