// The fixed-rate client. autocannon's rate limit lets each connection send its whole second's
// quota at once and then wait, so "1000 req/s" arrives as one burst per second and p99 measures
// the burst's queue. This sends requests evenly, one due every 1/rate s, over keep-alive sockets.
import { Agent, request } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { LoadSpec } from './load.js'
import { createTally, type LoadResult } from './tally.js'

export async function runPaced (spec: LoadSpec, rate: number): Promise<LoadResult> {
  const tally = createTally()
  const agent = new Agent({ keepAlive: true, maxSockets: spec.connections })
  const send = (path: string): void => {
    const started = performance.now()
    request(spec.url + path, { agent }, (res) => {
      tally.response(res.statusCode ?? 0, performance.now() - started)
      const location = res.headers.location
      if (location !== undefined) tally.location(location)
      res.resume()
    }).on('error', () => tally.error()).end()
  }
  const start = performance.now()
  const end = start + spec.duration * 1000
  let sent = 0
  await new Promise<void>((resolve) => {
    // Timers fire about every millisecond: each tick sends what has come due since the last.
    const timer = setInterval(() => {
      const now = Math.min(performance.now(), end)
      const due = Math.floor(((now - start) * rate) / 1000)
      for (; sent < due; sent++) send(spec.paths[sent % spec.paths.length] ?? '/')
      if (now >= end) {
        clearInterval(timer)
        resolve()
      }
    }, 1)
  })
  // Let the last answers arrive, then stop.
  await new Promise((resolve) => setTimeout(resolve, 500))
  agent.destroy()
  return tally.result(spec.duration)
}
