// What the primary pushes to its workers, unasked: new settings and the store's state.
import type { SyncStatus } from '../settings/live.js'
import type { Settings } from '../settings/settings.js'

export type Push =
  | { readonly push: 'settings', readonly settings: Settings }
  | { readonly push: 'status', readonly status: SyncStatus }

export function isPush (message: unknown): message is Push {
  return typeof message === 'object' && message !== null && typeof (message as { push?: unknown }).push === 'string'
}

/** What a worker learns from its primary when it starts. */
export interface WorkerStart {
  readonly settings: Settings
  readonly status: SyncStatus
}
