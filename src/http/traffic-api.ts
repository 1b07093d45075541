// GET /api/traffic: the redirect counters and the state of the settings sync, as they are now.
// The admin console polls it and works out rates itself, so the redirect path does nothing more
// than increment its counters; with a cluster, totals() gathers the counts of all workers.
import { Type } from 'typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { TrafficCounts } from '../metrics/traffic.js'
import type { LiveSettings } from '../settings/live.js'
import { RatioSchema } from '../settings/settings.js'
import { storeState, StoreStateSchema } from './store-state.js'

export interface TrafficApiDeps {
  readonly totals: () => Promise<TrafficCounts>
  readonly live: LiveSettings
  readonly authenticate: (request: FastifyRequest) => Promise<void>
  readonly now?: () => Date
}

const Count = Type.Integer({ minimum: 0 })
const TrafficSchema = Type.Object({
  at: Type.String({ format: 'date-time', description: 'When the counts were read' }),
  counts: Type.Object({
    cdn: Count,
    origin: Count,
    rejected: Type.Record(Type.String(), Count, { description: 'Refused requests by reason' })
  }, { description: 'Totals since the process started' }),
  settings: Type.Object({ version: Type.Integer(), ratio: RatioSchema }),
  store: StoreStateSchema
})

export function trafficApi (deps: TrafficApiDeps) {
  const { totals, live, authenticate } = deps
  const now = deps.now ?? (() => new Date())
  return async function routes (fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
    app.addHook('onRequest', authenticate)

    app.get('/api/traffic', {
      schema: { summary: 'Redirect counters and settings sync state, for the admin console', tags: ['traffic'], response: { 200: TrafficSchema } }
    }, async (_request, reply) => {
      reply.header('cache-control', 'no-store')
      const { settings } = live.current()
      return {
        at: now().toISOString(),
        counts: await totals(),
        settings: { version: settings.version, ratio: settings.ratio },
        store: storeState(live)
      }
    })
  }
}
