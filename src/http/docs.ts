// The OpenAPI 3 document, generated from the route schemas (GET /openapi.json), and Swagger UI at
// /docs, served from node_modules (no internet needed). Registered on the root instance before
// any route, so that every route is in the document with every error it can answer.
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { ProblemSchema } from './problem.js'

export async function registerDocs (app: FastifyInstance, version: string): Promise<void> {
  // Any route may fail unexpectedly, and every /api/* route is behind the token check (401, and
  // 429 after repeated failures): those answers are documented here once, in the one error shape.
  app.addHook('onRoute', (route) => {
    if (route.schema?.hide === true) return
    const api = route.url.startsWith('/api/')
    const security = api ? { security: [{ bearer: [] }] } : {}
    const auth = api ? { 401: ProblemSchema, 429: ProblemSchema } : {}
    route.schema = { ...route.schema, ...security, response: { 500: ProblemSchema, ...auth, ...asObject(route.schema?.response) } }
  })
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'balancer', version, description: 'Steers video viewers between a CDN and the origin servers with HTTP redirects. Every error is application/problem+json (RFC 9457) with a stable `code`.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An admin token (ADMIN_TOKEN or ADMIN_TOKENS)' } } }
    },
    // Shared schemas keep their $id as their name under components/schemas.
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => typeof json.$id === 'string' ? json.$id : `def-${i}` }
  })
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { url: '/openapi.json' } })
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
}

function asObject (value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? value as Record<string, unknown> : {}
}
