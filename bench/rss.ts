// Samples the resident memory of a process and its children (cluster workers, once WORKERS > 1)
// with `ps`, which Linux and macOS both have.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const run = promisify(execFile)

export interface RssReport {
  /** Megabytes: the first and last samples, the largest, and the number of samples taken. */
  readonly startMb: number
  readonly peakMb: number
  readonly endMb: number
  readonly samples: number
  readonly series: readonly number[]
}

export interface RssSampler {
  stop(): Promise<RssReport>
}

export function sampleRss (pid: number, everyMs: number): RssSampler {
  const series: number[] = []
  let pending: Promise<void> = Promise.resolve()
  const take = (): void => {
    pending = treeRssKb(pid).then((kb) => { series.push(Math.round(kb / 102.4) / 10) }, () => {})
  }
  take()
  const timer = setInterval(take, everyMs)
  return {
    async stop () {
      clearInterval(timer)
      await pending
      take()
      await pending
      return {
        startMb: series[0] ?? 0,
        peakMb: Math.max(...series),
        endMb: series.at(-1) ?? 0,
        samples: series.length,
        series
      }
    }
  }
}

async function treeRssKb (root: number): Promise<number> {
  const { stdout } = await run('ps', ['-A', '-o', 'pid=,ppid=,rss='])
  const rows = stdout.trim().split('\n').map((line) => line.trim().split(/\s+/).map(Number))
  const inTree = new Set([root])
  // Children are listed after their parents in practice, but not by contract: repeat until stable.
  for (let size = 0; size !== inTree.size;) {
    size = inTree.size
    for (const [pid, ppid] of rows) if (pid !== undefined && ppid !== undefined && inTree.has(ppid)) inTree.add(pid)
  }
  return rows.reduce((sum, [pid, , rss]) => sum + (pid !== undefined && inTree.has(pid) ? rss ?? 0 : 0), 0)
}
