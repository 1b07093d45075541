// Turns the benchmark's results into the short Markdown table printed and saved beside the JSON.
import type { LoadResult } from './tally.js'
import type { RssReport } from './rss.js'

export interface ServerRuns {
  readonly saturation: LoadResult
  readonly fixedRate?: LoadResult
}

export interface BenchResults {
  readonly startedAt: string
  readonly machine: { readonly cpus: number, readonly cpuModel: string, readonly node: string, readonly loadBefore: number[], readonly loadAfter: number[] }
  readonly options: object
  readonly service: ServerRuns
  readonly reference?: ServerRuns
  /** Saturation req/s of every round; the tables show each server's best. */
  readonly rounds: { readonly service: readonly number[], readonly reference: readonly number[] }
  /** Service saturation req/s divided by the reference's, best round of each. */
  readonly ratio?: number
  readonly rss: RssReport
  readonly expectedOriginShare: number
}

type Row = [string, (runs: ServerRuns) => string]

const ms = (value: number): string => value.toFixed(2)
const share = (run: LoadResult): string => run.cdn + run.origin === 0 ? '-' : (run.origin / (run.cdn + run.origin)).toFixed(4)

const ROWS: Row[] = [
  ['saturation req/s', (runs) => String(runs.saturation.requestsPerSecond)],
  ['latency p50 / p99 / max (ms)', (runs) => `${ms(runs.saturation.latency.p50)} / ${ms(runs.saturation.latency.p99)} / ${ms(runs.saturation.latency.max)}`],
  ['errors (incl. timeouts)', (runs) => String(runs.saturation.errors)],
  ['non-3xx (of which 4xx)', (runs) => `${runs.saturation.non3xx} (${runs.saturation.status4xx})`],
  ['origin share of redirects', (runs) => share(runs.saturation)],
  ['at fixed rate: req/s', (runs) => runs.fixedRate === undefined ? '-' : String(runs.fixedRate.requestsPerSecond)],
  ['at fixed rate: p99 / max (ms)', (runs) => runs.fixedRate === undefined ? '-' : `${ms(runs.fixedRate.latency.p99)} / ${ms(runs.fixedRate.latency.max)}`],
  ['at fixed rate: errors, non-3xx', (runs) => runs.fixedRate === undefined ? '-' : `${runs.fixedRate.errors}, ${runs.fixedRate.non3xx}`]
]

export function formatMarkdown (results: BenchResults): string {
  const { machine, reference, rss } = results
  const lines = [
    `# Benchmark ${results.startedAt}`,
    '',
    `${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}; load average before ${machine.loadBefore.map((n) => n.toFixed(2)).join(' ')}, after ${machine.loadAfter.map((n) => n.toFixed(2)).join(' ')}`,
    `Options: \`${JSON.stringify(results.options)}\``,
    '',
    reference === undefined ? '| | service |' : '| | service | reference |',
    reference === undefined ? '|---|---|' : '|---|---|---|',
    ...ROWS.map(([label, cell]) => `| ${label} | ${cell(results.service)} |${reference === undefined ? '' : ` ${cell(reference)} |`}`),
    '',
    ...(results.ratio === undefined ? [] : [`**service / reference: ${results.ratio.toFixed(3)}** (saturation req/s)`, '']),
    ...(results.rounds.service.length < 2 ? [] : [`Saturation req/s per round (best shown above): service ${results.rounds.service.join(', ')}; reference ${results.rounds.reference.join(', ')}.`, '']),
    `Expected origin share ${results.expectedOriginShare}. Service RSS during the saturation runs: start ${rss.startMb} MB, peak ${rss.peakMb} MB, end ${rss.endMb} MB (${rss.samples} samples).`,
    ''
  ]
  return lines.join('\n')
}
