// /admin through app.inject: the built console's files, read once at build time, with their
// content types, a strict Content-Security-Policy and ETag revalidation; 503 when not built.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildTestApp, type TestApp } from '../helpers/app.js'

describe('admin console files', () => {
  let t: TestApp
  const dir = mkdtempSync(join(tmpdir(), 'balancer-admin-test-'))

  before(async () => {
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>console</title>')
    writeFileSync(join(dir, 'main.js'), 'console.log(1)')
    writeFileSync(join(dir, 'style.css'), 'body{}')
    writeFileSync(join(dir, 'notes.txt'), 'not served')
    t = await buildTestApp({ adminDir: dir })
    // Files changed after the app was built are not seen: they were read once.
    writeFileSync(join(dir, 'main.js'), 'changed')
  })
  after(async () => {
    await t.close()
    rmSync(dir, { recursive: true, force: true })
  })

  for (const url of ['/admin', '/admin/']) {
    it(`serves the page at ${url} with a strict Content-Security-Policy`, async () => {
      const response = await t.app.inject({ url })
      assert.equal(response.statusCode, 200)
      assert.equal(response.body, '<!doctype html><title>console</title>')
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8')
      const csp = String(response.headers['content-security-policy'])
      assert.match(csp, /default-src 'self'/)
      assert.match(csp, /frame-ancestors 'none'/)
      assert.doesNotMatch(csp, /unsafe-inline/)
      assert.equal(response.headers['x-content-type-options'], 'nosniff')
      assert.equal(response.headers['cache-control'], 'no-cache')
    })
  }

  it('serves the script and the stylesheet as read when the app was built, with their types', async () => {
    const script = await t.app.inject({ url: '/admin/main.js' })
    assert.equal(script.body, 'console.log(1)')
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8')
    assert.equal((await t.app.inject({ url: '/admin/style.css' })).headers['content-type'], 'text/css; charset=utf-8')
  })

  it('answers 304 to a request that holds the current ETag', async () => {
    const first = await t.app.inject({ url: '/admin/main.js' })
    const again = await t.app.inject({ url: '/admin/main.js', headers: { 'if-none-match': String(first.headers.etag) } })
    assert.equal(again.statusCode, 304)
    assert.equal(again.body, '')
  })

  for (const url of ['/admin/notes.txt', '/admin/nothing.js', '/admin/..%2Fpackage.json']) {
    it(`answers 404 problem+json for ${url}`, async () => {
      const response = await t.app.inject({ url })
      assert.equal(response.statusCode, 404)
      assert.equal(response.json().code, 'not-found')
    })
  }

  it('answers 503 with what to do when the console was not built', async () => {
    const bare = await buildTestApp({ adminDir: join(dir, 'missing') })
    try {
      const response = await bare.app.inject({ url: '/admin' })
      assert.equal(response.statusCode, 503)
      assert.equal(response.json().code, 'admin-console-missing')
      assert.match(response.json().detail, /npm run build/)
    } finally {
      await bare.close()
    }
  })
})
