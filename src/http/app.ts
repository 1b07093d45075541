// buildApp(deps) → a Fastify instance, not yet listening. Every dependency is passed in, so tests
// build as many apps as they need. The redirect path is answered by the HTTP server's own request
// handler ahead of Fastify's routing; everything else goes through Fastify.
import { createServer } from 'node:http'
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import { Registry } from 'prom-client'
import type { Config } from '../config.js'
import { createDurations } from '../metrics/durations.js'
import { createTraffic, type Traffic, type TrafficCounts } from '../metrics/traffic.js'
import type { LiveSettings } from '../settings/live.js'
import { adminConsole } from './admin.js'
import { createAuthenticate } from './auth.js'
import { createFailureLimiter } from './auth-limiter.js'
import { registerDocs } from './docs.js'
import { health } from './health.js'
import { instrumentRedirect } from './instrument.js'
import { metricsRoute, registerMetrics } from './metrics.js'
import { handleError, problem, ProblemError, ProblemSchema } from './problem.js'
import { createRedirectHandler, isRedirectRequest } from './redirect.js'
import { settingsApi, type SettingsWriter } from './settings-api.js'
import { trafficApi } from './traffic-api.js'

export type AppConfig = Pick<Config, 'origin' | 'redirectStatus' | 'adminTokens' | 'logRedirects' | 'authFailureLimit' | 'authFailureWindowMs'>

export interface AppDeps {
  readonly config: AppConfig
  readonly store: SettingsWriter
  readonly live: LiveSettings
  readonly logger: FastifyBaseLogger
  readonly isDraining?: () => boolean
  /** Counts the redirect path's answers; omitted, a fresh one. */
  readonly traffic?: Traffic
  /** Where /metrics registers its metrics; omitted, a fresh one. Never prom-client's global one. */
  readonly registry?: Registry
  /** Shown in the OpenAPI document. */
  readonly version?: string
  /**
   * Views of the whole service for /metrics and /api/traffic. A cluster worker passes its primary's
   * totals over all workers; omitted, this process's own.
   */
  readonly report?: ServiceReport
  /** The built admin console served at /admin (dist/public/admin); omitted or missing, /admin answers 503. */
  readonly adminDir?: string
}

export interface ServiceReport {
  /** Prometheus text. */
  metrics(): Promise<string>
  traffic(): Promise<TrafficCounts>
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const

export async function buildApp (deps: AppDeps): Promise<FastifyInstance> {
  const { config, live } = deps
  const traffic = deps.traffic ?? createTraffic()
  const registry = deps.registry ?? new Registry()
  const report = deps.report ?? { metrics: async () => await registry.metrics(), traffic: async () => traffic.counts() }
  const durations = { redirect: createDurations(), api: createDurations() }
  const redirect = instrumentRedirect(
    createRedirectHandler({ live, origin: config.origin, status: config.redirectStatus, onRedirect: traffic.onRedirect, onReject: traffic.onReject }),
    durations.redirect,
    config.logRedirects ? deps.logger.child({ access: true }) : undefined)

  const app = Fastify({
    loggerInstance: deps.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 16 * 1024,
    return503OnClosing: true,
    // Bodies are taken as sent: an unknown field or a "9" for 9 is an error, not something to fix up.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false } },
    serverFactory: (fastifyHandler) => createServer({
      maxHeaderSize: 16 * 1024,
      requestTimeout: 30_000,
      headersTimeout: 10_000,
      keepAliveTimeout: 65_000
    }, (req, res) => {
      if (isRedirectRequest(req)) redirect(req, res)
      else fastifyHandler(req, res)
    })
  })

  app.setErrorHandler(handleError)
  app.addSchema(ProblemSchema)
  await registerDocs(app, deps.version ?? '0.0.0')
  registerMetrics({ registry, traffic, live, durations })
  // "/" through Fastify (app.inject) is timed by the redirect handler itself.
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url !== '/') durations.api.record(reply.elapsedTime / 1000)
  })

  // The same handler, reachable through Fastify too: for app.inject and the OpenAPI document.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/',
    exposeHeadRoute: false,
    schema: {
      summary: 'Redirect a viewer to the CDN or the origin',
      description: 'Answers REDIRECT_STATUS (301 by default) with the CDN URL, or the origin URL for every (c+o)th request of a c:o ratio.',
      tags: ['redirect'],
      querystring: { type: 'object', properties: { video: { type: 'string', description: 'The origin video URL, percent-encoded' } } },
      response: {
        '3xx': { description: 'Redirect to the CDN or the origin', headers: { location: { type: 'string' } }, type: 'null' },
        400: { ...ProblemSchema, description: 'The video argument is missing or not an origin URL' }
      }
    },
    handler: (request, reply) => {
      reply.hijack()
      redirect(request.raw, reply.raw)
    }
  })

  const limiter = createFailureLimiter({ max: config.authFailureLimit, windowMs: config.authFailureWindowMs })
  const authenticate = createAuthenticate(config.adminTokens, limiter)
  await app.register(settingsApi({ store: deps.store, live, authenticate }))
  await app.register(trafficApi({ totals: report.traffic, live, authenticate }))
  await app.register(adminConsole({ dir: deps.adminDir, logger: deps.logger }))
  await app.register(health({ live, isDraining: deps.isDraining ?? (() => false) }))
  await app.register(metricsRoute(report.metrics, registry.contentType))

  app.setNotFoundHandler((request) => {
    const url = request.url.split('?')[0] ?? '/'
    const allowed = METHODS.filter((method) => app.hasRoute({ method, url }))
    if (allowed.length > 0) {
      throw new ProblemError(problem(405, 'method-not-allowed', `${request.method} is not allowed on ${url}; use ${allowed.join(', ')}`),
        { headers: { allow: allowed.join(', ') } })
    }
    throw new ProblemError(problem(404, 'not-found', `there is nothing at ${url}`))
  })

  return app
}
