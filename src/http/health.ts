// Liveness (the process answers) and readiness (it can serve redirects: settings are loaded and
// the instance is not draining). The store's state is reported, but an outage does not make the
// instance unready: redirects go on from the last known settings (see `source`).
import { Type } from 'typebox'
import type { FastifyInstance } from 'fastify'
import type { LiveSettings } from '../settings/live.js'
import { problem, ProblemError, ProblemSchema } from './problem.js'
import { storeState, StoreStateSchema } from './store-state.js'

export interface HealthDeps {
  readonly live: LiveSettings
  readonly isDraining: () => boolean
}

const ReadySchema = Type.Object({
  status: Type.Literal('ready'),
  settingsVersion: Type.Integer(),
  store: StoreStateSchema
})

// A problem with the store's state as an extension member (RFC 9457 allows them).
const NotReadySchema = Type.Object({ ...ProblemSchema.properties, store: StoreStateSchema }, { description: 'Draining: a problem, with the store state' })

export function health (deps: HealthDeps) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/health/live', {
      schema: { summary: 'The process is up', tags: ['health'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } }
    }, async () => ({ status: 'ok' as const }))

    app.get('/health/ready', {
      schema: { summary: 'The instance can serve redirects (503 while draining)', tags: ['health'], response: { 200: ReadySchema, 503: NotReadySchema } }
    }, async () => {
      if (deps.isDraining()) {
        const body = { ...problem(503, 'draining', 'the instance is shutting down'), store: storeState(deps.live) }
        throw new ProblemError(body)
      }
      return { status: 'ready' as const, settingsVersion: deps.live.current().settings.version, store: storeState(deps.live) }
    })
  }
}
