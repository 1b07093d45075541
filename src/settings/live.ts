// The in-memory settings every redirect reads. A change builds a new immutable snapshot and swaps
// one reference; the database is never touched on the redirect path. Follows the store's
// notifications, re-reads on every (re)connect and periodically, as a safety net.
import { createSplitter, type Splitter } from '../balancer/split.js'
import { sameRatio, type Settings } from './settings.js'
import type { SettingsStore } from './store.js'

export interface Snapshot {
  readonly settings: Settings
  readonly splitter: Splitter
}

export interface SyncStatus {
  /** Whether the last read from the store succeeded. */
  readonly connected: boolean
  readonly lastSyncAt: Date | undefined
  readonly lastError: string | undefined
}

export interface LiveSettings {
  current(): Snapshot
  /** Takes settings newer than the current ones; returns whether it did. */
  apply(settings: Settings): boolean
  /** Reads the store now. Never throws: a failure shows in status(). */
  refresh(): Promise<void>
  status(): SyncStatus
  stop(): void
}

export interface LiveSettingsOptions {
  readonly initial: Settings
  readonly store?: SettingsStore
  readonly pollMs?: number
  readonly onChange?: (previous: Settings, next: Settings) => void
  readonly onSyncError?: (error: unknown) => void
  readonly now?: () => Date
}

export function createLiveSettings (options: LiveSettingsOptions): LiveSettings {
  const now = options.now ?? (() => new Date())
  let snapshot: Snapshot = { settings: options.initial, splitter: createSplitter(options.initial.ratio) }
  let status: SyncStatus = { connected: options.store !== undefined, lastSyncAt: options.store === undefined ? undefined : now(), lastError: undefined }
  let timer: NodeJS.Timeout | undefined

  const apply = (settings: Settings): boolean => {
    const previous = snapshot.settings
    if (settings.version <= previous.version) return false
    // The count restarts only when the ratio changes, so a host-only change keeps the split exact.
    const splitter = sameRatio(settings.ratio, previous.ratio) ? snapshot.splitter : createSplitter(settings.ratio)
    snapshot = { settings, splitter }
    options.onChange?.(previous, settings)
    return true
  }

  const refresh = async (): Promise<void> => {
    if (options.store === undefined) return
    try {
      apply(await options.store.read())
      status = { connected: true, lastSyncAt: now(), lastError: undefined }
    } catch (error) {
      if (status.connected) options.onSyncError?.(error)
      status = { ...status, connected: false, lastError: error instanceof Error ? error.message : String(error) }
    }
  }

  if (options.store !== undefined && options.pollMs !== undefined) {
    timer = setInterval(() => { refresh() }, options.pollMs)
    timer.unref()
  }

  return {
    current: () => snapshot,
    apply,
    refresh,
    status: () => status,
    stop: () => { if (timer !== undefined) clearInterval(timer) }
  }
}

/** Subscribes to the store's change notifications; every (re)subscription triggers a re-read. */
export async function followStore (live: LiveSettings, store: SettingsStore): Promise<void> {
  await store.watch(
    (version) => { if (version > live.current().settings.version) live.refresh() },
    () => { live.refresh() }
  )
}
