// The ceiling the service is measured against: a bare node:http server doing the redirect path's
// work with no framework. It calls the same pure core (src/balancer) with the same config loader
// and the same problem bodies, so service/reference measures only the framework and the wiring.
// PORT and HOST come from the environment, like the service's.
import { createServer } from 'node:http'
import { buildLocation } from '../src/balancer/location.js'
import { createSplitter } from '../src/balancer/split.js'
import { readVideoParam } from '../src/balancer/video-param.js'
import { parseVideoUrl } from '../src/balancer/video-url.js'
import { loadConfig } from '../src/config.js'
import { problem, sendProblem } from '../src/http/problem.js'

const config = loadConfig(process.env)
const splitter = createSplitter(config.initialSettings.ratio)
const cdnHost = config.initialSettings.cdnHost

const server = createServer((req, res) => {
  const param = readVideoParam(req.url ?? '/')
  const parsed = param.ok ? parseVideoUrl(param.value, config.origin) : param
  if (!parsed.ok) {
    sendProblem(res, problem(400, `video-${parsed.error}`, 'the video argument is refused'))
    return
  }
  res.writeHead(config.redirectStatus, [
    'location', buildLocation(parsed.value, splitter.next(), cdnHost),
    'cache-control', 'no-store',
    'content-length', '0'
  ])
  res.end()
})

server.listen(config.port, config.host)
process.on('SIGTERM', () => server.close())
