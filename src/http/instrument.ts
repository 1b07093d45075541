// Wraps the redirect handler with what operations need: its duration, and, only when LOG_REDIRECTS
// is on, an access-log line. The choice is made once, at build time: with logging off the handler
// has no logger call, not even a disabled one.
import type { FastifyBaseLogger } from 'fastify'
import type { Durations } from '../metrics/durations.js'
import type { RedirectHandler } from './redirect.js'

export function instrumentRedirect (redirect: RedirectHandler, durations: Durations, accessLog: FastifyBaseLogger | undefined): RedirectHandler {
  if (accessLog === undefined) {
    return (req, res) => {
      const started = performance.now()
      redirect(req, res)
      durations.record((performance.now() - started) / 1000)
    }
  }
  return (req, res) => {
    const started = performance.now()
    redirect(req, res)
    const seconds = (performance.now() - started) / 1000
    durations.record(seconds)
    accessLog.info({ method: req.method, url: req.url, status: res.statusCode, location: res.getHeader('location'), seconds, remoteAddress: req.socket.remoteAddress }, 'redirect')
  }
}
