// Runs a task until it succeeds once, waiting longer after each failure (doubling, capped, with
// jitter so that many instances do not retry in step). Used to reach a store that was down.

export interface RetryOptions {
  readonly minMs: number
  readonly maxMs: number
  /** Told of each failure and how long until the next attempt. */
  readonly onFailure?: (error: unknown, attempt: number, delayMs: number) => void
}

export interface Retrying {
  /** Resolves after the first attempt: true if it succeeded. */
  readonly first: Promise<boolean>
  /** Resolves when an attempt succeeds (never, if stopped first). */
  readonly done: Promise<void>
  stop(): void
}

export function retryWithBackoff (task: () => Promise<void>, options: RetryOptions): Retrying {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let reportFirst: (succeeded: boolean) => void = () => {}
  let reportDone: () => void = () => {}
  const first = new Promise<boolean>((resolve) => { reportFirst = resolve })
  const done = new Promise<void>((resolve) => { reportDone = resolve })

  const run = async (attempt: number): Promise<void> => {
    if (stopped) return
    try {
      await task()
      reportFirst(true)
      reportDone()
    } catch (error) {
      reportFirst(false)
      const delayMs = Math.min(options.maxMs, options.minMs * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2)
      options.onFailure?.(error, attempt, Math.round(delayMs))
      if (!stopped) timer = setTimeout(() => { run(attempt + 1) }, delayMs)
    }
  }
  run(1)

  return {
    first,
    done,
    stop: () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    }
  }
}
