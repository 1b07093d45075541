// /api/settings*: read, replace, patch, history and rollback. Every write goes to the store in one
// transaction and is applied to this instance's snapshot before the answer, so the very next
// redirect here follows it; other instances hear of it through the store's notifications.
import { Type, type Static } from 'typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { checkCdnHost, checkRatio, CdnHostSchema, RatioSchema, type Settings } from '../settings/settings.js'
import type { LiveSettings } from '../settings/live.js'
import type { HistoryEntry, SettingsPatch, SettingsStore, WriteError } from '../settings/store.js'
import type { Result } from '../result.js'
import { problem, ProblemError, ProblemSchema } from './problem.js'

/** What the API needs of the store; a cluster worker passes one that forwards to its primary. */
export type SettingsWriter = Pick<SettingsStore, 'update' | 'rollback' | 'history'>

export interface SettingsApiDeps {
  readonly store: SettingsWriter
  readonly live: LiveSettings
  readonly authenticate: (request: FastifyRequest) => Promise<void>
}

const SettingsSchema = Type.Object({
  cdnHost: Type.String(),
  ratio: RatioSchema,
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String()
}, { $id: 'Settings' })

const PutBodySchema = Type.Object({ cdnHost: CdnHostSchema, ratio: RatioSchema }, { additionalProperties: false })
const PatchBodySchema = Type.Object({
  cdnHost: Type.Optional(CdnHostSchema),
  ratio: Type.Optional(RatioSchema)
}, { additionalProperties: false, minProperties: 1 })
const RollbackBodySchema = Type.Object({ version: Type.Integer({ minimum: 1 }) }, { additionalProperties: false })
// Query values are strings (bodies are not coerced, so neither is this): a pattern stands in for 1-1000.
const HistoryQuerySchema = Type.Object({
  limit: Type.Optional(Type.String({ pattern: '^(?:[1-9][0-9]{0,2}|1000)$', description: 'How many versions, 1-1000 (default 100)' }))
}, { additionalProperties: false })
const HistorySchema = Type.Object({
  versions: Type.Array(Type.Object({
    version: Type.Integer(),
    cdnHost: Type.String(),
    ratio: RatioSchema,
    createdAt: Type.String({ format: 'date-time' }),
    actor: Type.String(),
    action: Type.Union([Type.Literal('init'), Type.Literal('update'), Type.Literal('rollback')]),
    sourceVersion: Type.Union([Type.Integer(), Type.Null()])
  }))
})

const IfMatchSchema = Type.Object({ 'if-match': Type.Optional(Type.String({ description: 'ETag of the version the change is based on' })) })
// 401 and 429 are added to every /api/* route by docs.ts.
const errors = { 400: ProblemSchema, 412: ProblemSchema, 503: ProblemSchema }

export function settingsApi (deps: SettingsApiDeps) {
  const { store, live, authenticate } = deps
  return async function routes (fastify: FastifyInstance): Promise<void> {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>()
    app.addHook('onRequest', authenticate)

    app.get('/api/settings', {
      schema: { summary: 'The settings this instance serves', tags: ['settings'], response: { 200: SettingsSchema } }
    }, async (_request, reply) => sendSettings(reply, live.current().settings))

    app.put('/api/settings', {
      schema: { summary: 'Replace the settings', tags: ['settings'], body: PutBodySchema, headers: IfMatchSchema, response: { 200: SettingsSchema, ...errors } }
    }, async (request, reply) => await save(request, reply, { cdnHost: request.body.cdnHost, ratio: request.body.ratio }))

    app.patch('/api/settings', {
      schema: { summary: 'Change the CDN host, the ratio, or both', tags: ['settings'], body: PatchBodySchema, headers: IfMatchSchema, response: { 200: SettingsSchema, ...errors } }
    }, async (request, reply) => await save(request, reply, request.body))

    app.get('/api/settings/history', {
      schema: { summary: 'Every version, newest first', tags: ['settings'], querystring: HistoryQuerySchema, response: { 200: HistorySchema, 400: ProblemSchema, 503: ProblemSchema } }
    }, async (request) => {
      const versions = await fromStore(async () => await store.history(Number(request.query.limit ?? 100)))
      return { versions: versions.map(historyJson) }
    })

    app.post('/api/settings/rollback', {
      schema: { summary: 'Make an earlier version current again, as a new version', tags: ['settings'], body: RollbackBodySchema, headers: IfMatchSchema, response: { 200: SettingsSchema, 404: ProblemSchema, ...errors } }
    }, async (request, reply) => {
      const options = { actor: request.actor, ifVersion: ifMatchVersion(request.headers['if-match']) }
      return settled(reply, await fromStore(async () => await store.rollback(request.body.version, options)), request.body.version)
    })
  }

  async function save (request: FastifyRequest<{ Headers: Static<typeof IfMatchSchema> }>, reply: FastifyReply, patch: SettingsPatch) {
    const checked = checkPatch(patch)
    const options = { actor: request.actor, ifVersion: ifMatchVersion(request.headers['if-match']) }
    return settled(reply, await fromStore(async () => await store.update(checked, options)))
  }

  function settled (reply: FastifyReply, result: Result<Settings, WriteError>, rollbackTo?: number) {
    if (!result.ok) {
      if (result.error.kind === 'unknown-version') throw new ProblemError(problem(404, 'unknown-version', `there is no version ${rollbackTo ?? ''}`))
      throw new ProblemError(problem(412, 'version-conflict', `the settings changed meanwhile: the current version is ${result.error.current.version}`),
        { headers: { etag: etag(result.error.current.version) } })
    }
    live.apply(result.value)
    return sendSettings(reply, result.value)
  }
}

function checkPatch (patch: SettingsPatch): SettingsPatch {
  const host = patch.cdnHost === undefined ? undefined : checkCdnHost(patch.cdnHost)
  if (host?.ok === false) throw new ProblemError(problem(400, 'invalid-cdn-host', `cdnHost: ${host.error}`))
  const ratio = patch.ratio === undefined ? undefined : checkRatio(patch.ratio)
  if (ratio?.ok === false) throw new ProblemError(problem(400, 'invalid-ratio', `ratio: ${ratio.error}`))
  return { ...(host?.ok === true && { cdnHost: host.value }), ...(ratio?.ok === true && { ratio: ratio.value }) }
}

/** A store failure means the database is out of reach: nothing was written, try again later. */
async function fromStore<T> (call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw new ProblemError(problem(503, 'store-unavailable', 'the settings database cannot be reached; nothing was changed, try again'),
      { headers: { 'retry-after': '5' }, cause: error })
  }
}

function sendSettings (reply: FastifyReply, settings: Settings) {
  reply.header('etag', etag(settings.version)).header('cache-control', 'no-store')
  return { ...settings, updatedAt: settings.updatedAt.toISOString() }
}

function historyJson (entry: HistoryEntry) {
  return { ...entry, createdAt: entry.createdAt.toISOString() }
}

export function etag (version: number): string {
  return `"${version}"`
}

/** "3", W/"3" → 3; "*" or no header → no condition; anything else can match no version → -1. */
function ifMatchVersion (header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === '*') return undefined
  const match = /^\s*(?:W\/)?"([0-9]+)"\s*$/.exec(header)
  return match?.[1] === undefined ? -1 : Number(match[1])
}
