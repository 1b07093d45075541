// The load generator, run in its own process (forked by processes.ts) so that its work is
// scheduled apart from the runner that samples memory. It gets a LoadSpec as its argument and
// sends back one LoadResult. Saturation runs use autocannon; fixed-rate runs use paced.ts.
import autocannon from 'autocannon'
import { runPaced } from './paced.js'
import { createTally, type LoadResult } from './tally.js'

export interface LoadSpec {
  readonly url: string
  readonly paths: readonly string[]
  readonly duration: number
  readonly connections: number
  readonly pipelining: number
  /** Requests per second for all connections together; absent, as fast as the server answers. */
  readonly rate?: number
}

export async function runSaturation (spec: LoadSpec): Promise<LoadResult> {
  const tally = createTally()
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({
      url: spec.url,
      duration: spec.duration,
      connections: spec.connections,
      pipelining: spec.pipelining,
      requests: spec.paths.map((path) => ({ method: 'GET', path })),
      // The parser's raw header pairs (the typings call them an object): no per-response object.
      setupClient: (client) => {
        client.on('headers', (info: unknown) => {
          const { headers } = info as { headers: string[] }
          for (let i = 0; i < headers.length; i += 2) {
            if (headers[i]?.toLowerCase() === 'location') tally.location(headers[i + 1] ?? '')
          }
        })
      }
    }, (error: unknown, done) => { if (error instanceof Error) reject(error); else resolve(done) })
    instance.on('response', (_client, status, _bytes, ms) => tally.response(status, ms))
  })
  for (let i = 0; i < result.errors + result.timeouts; i++) tally.error()
  return tally.result(result.duration)
}

if (process.send !== undefined) {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec
  const result = spec.rate === undefined ? await runSaturation(spec) : await runPaced(spec, spec.rate)
  process.send(result, () => process.exit(0))
}
