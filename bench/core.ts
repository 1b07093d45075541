// `npm run bench:core`: the redirect path's pure work alone, no HTTP, in nanoseconds per request:
// each stage separately and all together, best of several rounds (the least disturbed by other
// load on the machine). Used to measure changes to src/balancer before and after.
import { performance } from 'node:perf_hooks'
import { buildLocation } from '../src/balancer/location.js'
import { createSplitter } from '../src/balancer/split.js'
import { readVideoParam } from '../src/balancer/video-param.js'
import { parseVideoUrl, type VideoUrl } from '../src/balancer/video-url.js'
import { loadConfig } from '../src/config.js'
import { buildPaths, CDN_HOST, ORIGIN_DOMAIN, RATIO } from './requests.js'

const ROUNDS = 7
const REQUESTS = 500_000

const { origin } = loadConfig({ ORIGIN_DOMAIN, CDN_ORIGIN_RATIO: RATIO })
const paths = buildPaths(Number(process.env.BENCH_INVALID ?? 0), 4)
const params = paths.map((path) => { const param = readVideoParam(path); return param.ok ? param.value : '' })
const urls = params.map((param) => { const url = parseVideoUrl(param, origin); return url.ok ? url.value : undefined }).filter((url): url is VideoUrl => url !== undefined)
const splitter = createSplitter({ cdn: 9, origin: 1 })

// Each stage returns something derived from its result, so the JIT cannot drop the work.
const stages: Record<string, (i: number) => number> = {
  readVideoParam: (i) => Number(readVideoParam(paths[i % paths.length] ?? '').ok),
  parseVideoUrl: (i) => Number(parseVideoUrl(params[i % params.length] ?? '', origin).ok),
  'split + buildLocation': (i) => buildLocation(urls[i % urls.length] ?? { scheme: 'http', label: 's1', authority: '', rest: '/' }, splitter.next(), CDN_HOST).length,
  'whole path': (i) => {
    const param = readVideoParam(paths[i % paths.length] ?? '')
    const parsed = param.ok ? parseVideoUrl(param.value, origin) : param
    return parsed.ok ? buildLocation(parsed.value, splitter.next(), CDN_HOST).length : 0
  }
}

for (const [name, stage] of Object.entries(stages)) {
  let best = Infinity
  let sink = 0
  for (let round = 0; round < ROUNDS; round++) {
    const start = performance.now()
    for (let i = 0; i < REQUESTS; i++) sink += stage(i)
    best = Math.min(best, performance.now() - start)
  }
  console.log(`${name.padEnd(24)} ${(best * 1e6 / REQUESTS).toFixed(0).padStart(5)} ns/request  (${sink > 0 ? 'ok' : 'nothing computed'})`)
}
