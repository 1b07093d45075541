// Slows down token guessing: after `max` failed authentications from one client address within a
// window, that address gets 429 until the window ends, whatever it sends. Fixed windows in a
// bounded map: enough against a guessing loop, no timers, nothing to clean up.

export interface FailureLimiter {
  /** Seconds until the address may try again; 0 when it may now. */
  blockedFor(address: string): number
  recordFailure(address: string): void
}

export interface FailureLimiterOptions {
  readonly max: number
  readonly windowMs: number
  readonly now?: () => number
  /** Addresses remembered at most; beyond it, expired and then the oldest entries are dropped. */
  readonly maxAddresses?: number
}

interface Window {
  failures: number
  readonly endsAt: number
}

export function createFailureLimiter (options: FailureLimiterOptions): FailureLimiter {
  const { max, windowMs } = options
  const now = options.now ?? Date.now
  const maxAddresses = options.maxAddresses ?? 10_000
  const windows = new Map<string, Window>()

  const forget = (at: number): void => {
    for (const [address, window] of windows) if (window.endsAt <= at) windows.delete(address)
    for (const address of windows.keys()) {
      if (windows.size < maxAddresses) break
      windows.delete(address)
    }
  }

  return {
    blockedFor (address) {
      const window = windows.get(address)
      const at = now()
      if (window === undefined || window.endsAt <= at || window.failures < max) return 0
      return Math.ceil((window.endsAt - at) / 1000)
    },
    recordFailure (address) {
      const at = now()
      const window = windows.get(address)
      if (window !== undefined && window.endsAt > at) {
        window.failures++
        return
      }
      if (windows.size >= maxAddresses) forget(at)
      windows.set(address, { failures: 1, endsAt: at + windowMs })
    }
  }
}
