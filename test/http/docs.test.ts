// The OpenAPI document lists every route with the errors it answers; Swagger UI is served locally.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { buildTestApp, type TestApp } from '../helpers/app.js'

describe('API documentation', () => {
  let t: TestApp
  before(async () => { t = await buildTestApp() })
  after(async () => { await t.close() })

  it('describes every route, with its error responses, in /openapi.json', async () => {
    const response = await t.app.inject({ url: '/openapi.json' })
    assert.equal(response.statusCode, 200)
    const document = response.json()
    assert.match(document.openapi, /^3\./)
    const operations = Object.entries(document.paths as Record<string, Record<string, { responses: Record<string, unknown>, security?: unknown }>>)
      .flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })))
    assert.deepEqual(operations.map((o) => o.route).sort(), [
      'GET /', 'GET /api/settings', 'GET /api/settings/history', 'GET /api/traffic', 'GET /health/live', 'GET /health/ready', 'GET /metrics',
      'HEAD /', 'PATCH /api/settings', 'POST /api/settings/rollback', 'PUT /api/settings'
    ])
    for (const { route, operation } of operations) {
      assert.ok('500' in operation.responses, `${route} documents 500`)
      if (route.includes('/api/')) {
        for (const status of ['401', '429']) assert.ok(status in operation.responses, `${route} documents ${status}`)
        // Only what reaches the store can find it unreachable; the settings and traffic reads answer from memory.
        assert.equal('503' in operation.responses, !['GET /api/settings', 'GET /api/traffic'].includes(route), `${route} and 503`)
        assert.deepEqual(operation.security, [{ bearer: [] }])
      }
    }
    assert.ok('400' in (document.paths['/'].get.responses as object))
    assert.ok('412' in (document.paths['/api/settings'].patch.responses as object))
    assert.ok('503' in (document.paths['/health/ready'].get.responses as object))
  })

  it('serves Swagger UI and its assets at /docs without reaching the internet', async () => {
    const page = await t.app.inject({ url: '/docs/' })
    assert.equal(page.statusCode, 200)
    assert.match(page.headers['content-type']?.toString() ?? '', /text\/html/)
    assert.match(page.body, /swagger-ui/)
    assert.doesNotMatch(page.body, /https?:\/\/(?!localhost)[a-z]/i, 'no asset from another host')
    const bundle = await t.app.inject({ url: '/docs/static/swagger-ui-bundle.js' })
    assert.equal(bundle.statusCode, 200)
  })
})
