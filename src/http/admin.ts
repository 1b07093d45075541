// GET /admin: the admin console, a static page built into one directory (see scripts/build-admin.js).
// The files are read once when the app is built and served from memory with a strict
// Content-Security-Policy; the page talks to /api/* with the token the user signs in with.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import type { FastifyBaseLogger, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { problem, ProblemError } from './problem.js'

export interface AdminConsoleDeps {
  /** The built console: index.html and its assets. */
  readonly dir: string | undefined
  readonly logger: FastifyBaseLogger
}

interface Asset {
  readonly body: Buffer
  readonly type: string
  readonly etag: string
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml'
}

// Nothing from elsewhere, nothing inline: the page's own script and stylesheet, and calls to its own API.
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Revalidated on every load (the ETag makes that a 304), so a new build is picked up at once.
  'cache-control': 'no-cache'
}

export function adminConsole (deps: AdminConsoleDeps) {
  const assets = readAssets(deps.dir)
  if (assets === undefined) deps.logger.warn({ dir: deps.dir }, 'the admin console is not built; /admin answers 503 (run npm run build)')

  const send = (name: string, request: FastifyRequest, reply: FastifyReply) => {
    if (assets === undefined) throw new ProblemError(problem(503, 'admin-console-missing', 'the admin console is not built: run npm run build'))
    const asset = assets.get(name)
    if (asset === undefined) throw new ProblemError(problem(404, 'not-found', `there is nothing at ${request.url.split('?')[0] ?? ''}`))
    reply.headers(SECURITY_HEADERS).header('etag', asset.etag).type(asset.type)
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send()
    return reply.send(asset.body)
  }

  return async function routes (app: FastifyInstance): Promise<void> {
    // Pages, not API: left out of the OpenAPI document.
    const schema = { hide: true }
    app.get('/admin', { schema }, async (request, reply) => send('index.html', request, reply))
    app.get('/admin/', { schema }, async (request, reply) => send('index.html', request, reply))
    app.get<{ Params: { file: string } }>('/admin/:file', { schema }, async (request, reply) => send(request.params.file, request, reply))
  }
}

/** name → asset for every file of a known type in dir; undefined when there is no such directory. */
function readAssets (dir: string | undefined): ReadonlyMap<string, Asset> | undefined {
  if (dir === undefined) return undefined
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  const assets = new Map<string, Asset>()
  for (const name of names) {
    const type = TYPES[extname(name)]
    if (type === undefined) continue
    const body = readFileSync(join(dir, name))
    assets.set(name, { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` })
  }
  return assets
}
