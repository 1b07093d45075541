// `npm run bench`: builds the service, starts it as users run it (node dist/main.js, embedded store
// in a temporary DATA_DIR) beside the bare node:http reference, drives both with autocannon from a
// separate process, and writes bench/results/<timestamp>.json and .md. Options: see options.ts.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readOptions, type BenchOptions } from './options.js'
import { runLoadProcess, startServer, type Server } from './processes.js'
import { summariseProfile } from './profile.js'
import { formatMarkdown, type BenchResults, type ServerRuns } from './report.js'
import { buildPaths, CDN_HOST, EXPECTED_ORIGIN_SHARE, ORIGIN_DOMAIN, RATIO } from './requests.js'
import { sampleRss } from './rss.js'
import type { LoadResult } from './tally.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const resultsDir = join(root, 'bench', 'results')

async function main (): Promise<void> {
  const options = readOptions(process.argv.slice(2), process.env)
  const startedAt = new Date().toISOString()
  const loadBefore = loadavg()
  build()
  mkdirSync(resultsDir, { recursive: true })
  const dataDir = mkdtempSync(join(tmpdir(), 'balancer-bench-'))
  const servers: Server[] = []
  try {
    const service = await startServer('service', serviceArgs(options), { ...serverEnv(), ...serviceEnv(options, dataDir) })
    servers.push(service)
    const reference = options.soak || options.profile ? undefined : await startServer('reference', ['--import', 'tsx', join(root, 'bench', 'reference.ts')], serverEnv())
    if (reference !== undefined) servers.push(reference)
    const measured = await measure(options, service, reference)
    await Promise.all(servers.map(async (server) => await server.stop()))
    const results: BenchResults = {
      startedAt,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? '?', node: process.version, loadBefore, loadAfter: loadavg() },
      options,
      ...measured,
      expectedOriginShare: EXPECTED_ORIGIN_SHARE
    }
    report(results, startedAt)
    if (options.profile) console.log(summariseProfile(profileOf(service)))
  } finally {
    await Promise.all(servers.map(async (server) => await server.stop()))
    rmSync(dataDir, { recursive: true, force: true })
  }
}

function build (): void {
  const built = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) throw new Error('npm run build failed')
}

/** The same settings for both servers, whatever the caller's shell holds. */
function serverEnv (): Record<string, string> {
  const { DATABASE_URL: _ignored, ...inherited } = process.env
  return { ...inherited, CDN_HOST, CDN_ORIGIN_RATIO: RATIO, ORIGIN_DOMAIN, ORIGIN_LABEL_PATTERN: 's[0-9]+', REDIRECT_STATUS: '301' } as Record<string, string>
}

function serviceEnv (options: BenchOptions, dataDir: string): Record<string, string> {
  return {
    DATA_DIR: dataDir,
    ADMIN_TOKEN: randomBytes(24).toString('base64url'),
    LOG_LEVEL: 'warn',
    LOG_REDIRECTS: 'false',
    ...(options.workers !== undefined && { WORKERS: options.workers })
  }
}

function serviceArgs (options: BenchOptions): string[] {
  return [...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resultsDir}`] : []), join(root, 'dist', 'main.js')]
}

type Load = (server: Server, duration: number, rate?: number) => Promise<LoadResult>

/** Runs one load on a server, from the load generator's own process. */
function loadFor (options: BenchOptions): Load {
  const paths = buildPaths(options.invalid, options.servers)
  return async (server, duration, rate) => {
    console.log(`${server.name}: ${rate === undefined ? `saturation, ${options.connections} connections` : `${rate} req/s`}, ${duration} s`)
    return await runLoadProcess({ url: server.url, paths, duration, connections: options.connections, pipelining: options.pipelining, ...(rate !== undefined && { rate }) })
  }
}

async function measure (options: BenchOptions, service: Server, reference: Server | undefined): Promise<Pick<BenchResults, 'service' | 'reference' | 'ratio' | 'rss' | 'rounds'>> {
  const load = loadFor(options)
  for (const server of [service, reference]) {
    if (server !== undefined && options.warmup > 0) await load(server, options.warmup)
  }
  // Rounds alternate the two servers, and the best round of each is kept: other load on the
  // machine only ever slows a run down, so the best is the least disturbed.
  const sampler = sampleRss(requirePid(service), 1000)
  const rounds: { service: LoadResult[], reference: LoadResult[] } = { service: [], reference: [] }
  for (let round = 0; round < options.rounds; round++) {
    rounds.service.push(await load(service, options.duration))
    if (reference !== undefined) rounds.reference.push(await load(reference, options.duration))
  }
  const rss = await sampler.stop()
  const serviceSaturation = best(rounds.service)
  const referenceSaturation = reference === undefined ? undefined : best(rounds.reference)
  const fixedRate = async (server: Server): Promise<LoadResult | undefined> =>
    options.soak || options.profile ? undefined : await load(server, options.rateDuration, options.rate)
  const serviceRuns: ServerRuns = { saturation: serviceSaturation, fixedRate: await fixedRate(service) }
  const referenceRuns: ServerRuns | undefined = reference === undefined || referenceSaturation === undefined
    ? undefined
    : { saturation: referenceSaturation, fixedRate: await fixedRate(reference) }
  return {
    service: serviceRuns,
    reference: referenceRuns,
    ratio: referenceRuns === undefined ? undefined : serviceSaturation.requestsPerSecond / referenceRuns.saturation.requestsPerSecond,
    rss,
    rounds: { service: rounds.service.map(perSecond), reference: rounds.reference.map(perSecond) }
  }
}

const perSecond = (run: LoadResult): number => run.requestsPerSecond

function best (runs: readonly LoadResult[]): LoadResult {
  const [first, ...rest] = runs
  if (first === undefined) throw new Error('no saturation run')
  return rest.reduce((top, run) => run.requestsPerSecond > top.requestsPerSecond ? run : top, first)
}

function requirePid (server: Server): number {
  if (server.process.pid === undefined) throw new Error(`${server.name} has no pid`)
  return server.process.pid
}

function report (results: BenchResults, startedAt: string): void {
  const name = startedAt.replace(/[:.]/g, '-')
  const markdown = formatMarkdown(results)
  writeFileSync(join(resultsDir, `${name}.json`), JSON.stringify(results, null, 2) + '\n')
  writeFileSync(join(resultsDir, `${name}.md`), markdown)
  console.log('\n' + markdown)
  console.log(`written to bench/results/${name}.json and .md`)
}

function profileOf (service: Server): string {
  const file = readdirSync(resultsDir).find((name) => name.endsWith(`.${requirePid(service)}.0.001.cpuprofile`))
  if (file === undefined) throw new Error('the service wrote no .cpuprofile')
  return join(resultsDir, file)
}

await main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 1
})
