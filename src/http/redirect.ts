// GET/HEAD / — the hot path. Answered straight on node:http, ahead of Fastify's routing: read the
// current snapshot, parse the `video` argument, ask the splitter, write one Location. No await,
// no database, no logging, no schema work.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { buildLocation } from '../balancer/location.js'
import type { Target } from '../balancer/split.js'
import { readVideoParam, type VideoParamError } from '../balancer/video-param.js'
import { MAX_VIDEO_URL_LENGTH, parseVideoUrl, type OriginRules, type VideoUrlError } from '../balancer/video-url.js'
import type { RedirectStatus } from '../config.js'
import type { LiveSettings } from '../settings/live.js'
import { problem, sendProblem, type Problem } from './problem.js'

export type Rejection = VideoParamError | VideoUrlError

export interface RedirectDeps {
  readonly live: LiveSettings
  readonly origin: OriginRules
  readonly status: RedirectStatus
  /** Counts each answer; must be cheap, it runs on every request. */
  readonly onRedirect?: (target: Target) => void
  readonly onReject?: (reason: Rejection) => void
}

export type RedirectHandler = (req: IncomingMessage, res: ServerResponse) => void

/** Whether a request belongs to the redirect path: GET or HEAD on "/" with or without a query. */
export function isRedirectRequest (req: IncomingMessage): boolean {
  const url = req.url ?? ''
  return (req.method === 'GET' || req.method === 'HEAD') && (url === '/' || url.startsWith('/?'))
}

export function createRedirectHandler (deps: RedirectDeps): RedirectHandler {
  const { live, origin, status, onRedirect, onReject } = deps
  const details = rejectionDetails(origin)
  return (req, res) => {
    const param = readVideoParam(req.url ?? '/')
    const parsed = param.ok ? parseVideoUrl(param.value, origin) : param
    if (!parsed.ok) {
      onReject?.(parsed.error)
      sendProblem(res, details[parsed.error])
      return
    }
    const { settings, splitter } = live.current()
    const target = splitter.next()
    onRedirect?.(target)
    res.writeHead(status, [
      'location', buildLocation(parsed.value, target, settings.cdnHost),
      'cache-control', 'no-store',
      'content-length', '0'
    ])
    res.end()
  }
}

function rejectionDetails (origin: OriginRules): Record<Rejection, Problem> {
  // The configured pattern, without the anchors config.ts wraps it in.
  const label = origin.labelPattern.source.replace(/^\^\(\?:|\)\$$/g, '')
  const server = `http(s)://<server>.${origin.domain}/..., where <server> matches ${label}`
  const reject = (code: Rejection, detail: string): Problem => problem(400, `video-${code}`, detail)
  return {
    missing: reject('missing', `the query must have a video argument: /?video=${server}`),
    repeated: reject('repeated', 'the video argument must appear once'),
    'bad-encoding': reject('bad-encoding', 'the video argument is not valid percent-encoding'),
    empty: reject('empty', 'the video argument is empty'),
    'too-long': reject('too-long', `the video URL is longer than ${MAX_VIDEO_URL_LENGTH} characters`),
    'bad-character': reject('bad-character', 'the video URL has characters a URL cannot hold (spaces, control characters, backslashes, non-ASCII, or % not followed by two hex digits); percent-encode them'),
    'bad-scheme': reject('bad-scheme', 'the video URL must start with http:// or https://'),
    userinfo: reject('userinfo', 'the video URL must not carry credentials (user@host)'),
    'bad-host': reject('bad-host', `the video URL's host is not an origin server: expected ${server}`),
    'bad-port': reject('bad-port', 'the video URL has a port that is not a number from 1 to 65535'),
    'dot-segment': reject('dot-segment', 'the video URL\'s path must not hold "." or ".." segments')
  }
}
