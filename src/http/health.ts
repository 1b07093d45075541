// Liveness (the process answers) and readiness (it can serve redirects: settings are loaded and
// the instance is not draining). The store's state is reported, but an outage does not make the
// instance unready: redirects go on from the last known settings.
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { LiveSettings } from '../settings/live.js'
import { problem, ProblemError, ProblemSchema } from './problem.js'

export interface HealthDeps {
  readonly live: LiveSettings
  readonly isDraining: () => boolean
}

const ReadySchema = Type.Object({
  status: Type.Literal('ready'),
  settingsVersion: Type.Integer(),
  store: Type.Object({
    connected: Type.Boolean(),
    lastSyncAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    lastError: Type.Union([Type.String(), Type.Null()])
  })
})

export function health (deps: HealthDeps) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/health/live', {
      schema: { summary: 'The process is up', tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } }
    }, async () => ({ status: 'ok' as const }))

    app.get('/health/ready', {
      schema: { summary: 'The instance can serve redirects', tags: ['health'], response: { 200: ReadySchema, 503: ProblemSchema } }
    }, async () => {
      if (deps.isDraining()) throw new ProblemError(problem(503, 'draining', 'the instance is shutting down'))
      const status = deps.live.status()
      return {
        status: 'ready' as const,
        settingsVersion: deps.live.current().settings.version,
        store: { connected: status.connected, lastSyncAt: status.lastSyncAt?.toISOString() ?? null, lastError: status.lastError ?? null }
      }
    })
  }
}
