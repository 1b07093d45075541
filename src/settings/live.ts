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

/** Where the settings served came from: the store, or (store unreachable since start-up) a fallback. */
export type SettingsSource = 'store' | 'snapshot-file' | 'environment'

export interface SyncStatus {
  /** Whether the last read from the store succeeded. */
  readonly connected: boolean
  readonly source: SettingsSource
  readonly lastSyncAt: Date | undefined
  readonly lastError: string | undefined
}

export interface LiveSettings {
  current(): Snapshot
  /** Takes settings newer than the current ones; returns whether it did. */
  apply(settings: Settings): boolean
  /** Reads the store now and takes what it holds if newer. Never throws: a failure shows in status(). */
  refresh(): Promise<void>
  /**
   * Reads the store and takes what it holds even if older. For a (re)connection: the database may
   * be a promoted replica or a restored backup that lost versions this instance had seen.
   */
  resync(): Promise<void>
  status(): SyncStatus
  stop(): void
}

export interface LiveSettingsOptions {
  readonly initial: Settings
  /** Where `initial` came from; anything but 'store' starts disconnected. Default 'store'. */
  readonly source?: SettingsSource
  readonly store?: SettingsStore
  readonly pollMs?: number
  readonly onChange?: (previous: Settings, next: Settings) => void
  /** Called once when the store becomes unreachable, not on every failed retry. */
  readonly onSyncError?: (error: unknown) => void
  /** Called when the store answers again after onSyncError (or for the first time after a fallback start). */
  readonly onSyncRestored?: () => void
  readonly now?: () => Date
}

export function createLiveSettings (options: LiveSettingsOptions): LiveSettings {
  const now = options.now ?? (() => new Date())
  let snapshot: Snapshot = { settings: options.initial, splitter: createSplitter(options.initial.ratio) }
  const source = options.source ?? 'store'
  const startsFromStore = options.store !== undefined && source === 'store'
  let status: SyncStatus = { connected: startsFromStore, source, lastSyncAt: startsFromStore ? now() : undefined, lastError: undefined }
  let timer: NodeJS.Timeout | undefined

  // Settings from a fallback, or served before a reconnection, give way to whatever the store holds,
  // even an older version: the store is the authority every instance agrees on.
  const take = (settings: Settings, authoritative: boolean): boolean => {
    const previous = snapshot.settings
    if (settings.version === previous.version && sameSettings(settings, previous)) return false
    if (settings.version <= previous.version && !authoritative) return false
    // The count restarts only when the ratio changes, so a host-only change keeps the split exact.
    const splitter = sameRatio(settings.ratio, previous.ratio) ? snapshot.splitter : createSplitter(settings.ratio)
    snapshot = { settings, splitter }
    options.onChange?.(previous, settings)
    return true
  }

  const read = async (authoritative: boolean): Promise<void> => {
    if (options.store === undefined) return
    try {
      take(await options.store.read(), authoritative || status.source !== 'store')
      const restored = !status.connected
      status = { connected: true, source: 'store', lastSyncAt: now(), lastError: undefined }
      if (restored) options.onSyncRestored?.()
    } catch (error) {
      if (status.connected) options.onSyncError?.(error)
      status = { ...status, connected: false, lastError: error instanceof Error ? error.message : String(error) }
    }
  }

  if (options.store !== undefined && options.pollMs !== undefined) {
    timer = setInterval(() => { read(false) }, options.pollMs)
    timer.unref()
  }

  return {
    current: () => snapshot,
    apply: (settings) => take(settings, false),
    refresh: async () => await read(false),
    resync: async () => await read(true),
    status: () => status,
    stop: () => { if (timer !== undefined) clearInterval(timer) }
  }
}

/** Subscribes to the store's change notifications; every (re)subscription triggers a re-sync. */
export async function followStore (live: LiveSettings, store: SettingsStore): Promise<void> {
  await store.watch(
    (version) => { if (version > live.current().settings.version) live.refresh() },
    () => { live.resync() }
  )
}

function sameSettings (a: Settings, b: Settings): boolean {
  return a.cdnHost === b.cdnHost && sameRatio(a.ratio, b.ratio)
}
