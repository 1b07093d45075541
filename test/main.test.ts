// The real service process under load gets SIGTERM: readiness turns 503 while it still serves, and
// the load stops when it sees that, as a load balancer would; every redirect sent is answered, a
// request in flight (a write whose body is still arriving after the port has closed) completes,
// and the process exits 0. The drain (2 s) is far longer than the load needs to see the 503.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TOKEN } from './helpers/app.js'
import { waitFor } from './helpers/wait.js'

const VIDEO = '/?video=' + encodeURIComponent('http://s1.origin-cluster/v/1.m3u8')

describe('graceful shutdown of the service process', () => {
  let dataDir: string
  let child: ChildProcess
  let base: string

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'balancer-shutdown-'))
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, ADMIN_TOKEN: TOKEN, SHUTDOWN_DRAIN_MS: '2000', SHUTDOWN_TIMEOUT_MS: '8000', DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    await waitFor(() => /listening at (http:\/\/[0-9.:]+)/.test(output), 'the service to listen', 60_000)
    base = /listening at (http:\/\/[0-9.:]+)/.exec(output)?.[1] ?? ''
  })
  after(async () => {
    if (child.exitCode === null) child.kill('SIGKILL')
    await rm(dataDir, { recursive: true, force: true })
  })

  it('finishes what is in flight, answers 503 on readiness while draining, and exits 0', async () => {
    const exited = once(child, 'exit')
    const slowWrite = startSlowWrite(base)
    await slowWrite.headersSent

    const generator = { stop: false }
    let signalled = false
    const sentBeforeSignal: Array<Promise<number | string>> = []
    const sentAfterSignal: Array<Promise<number | string>> = []
    const load = (async () => {
      while (!generator.stop) {
        const answer = get(base + VIDEO).catch((error: Error) => `${error.message}: ${String(error.cause)}`)
        ;(signalled ? sentAfterSignal : sentBeforeSignal).push(answer)
        await Promise.race([answer, new Promise((resolve) => setTimeout(resolve, 2))])
      }
    })()
    await waitFor(() => sentBeforeSignal.length >= 200, 'some load')
    signalled = true
    child.kill('SIGTERM')

    await waitFor(async () => (await get(base + '/health/ready').catch(() => 0)) === 503, 'readiness to report draining')
    generator.stop = true
    await load
    // Only once the port is closed does the rest of the write's body go out.
    await waitFor(async () => await get(base + '/health/live').then(() => false, (error: Error) => String(error.cause).includes('ECONNREFUSED')), 'the port to close')
    slowWrite.finish()
    assert.equal(await slowWrite.status, 200, 'the write in flight when the port closed completed')
    const [code] = await exited

    const answers = [...await Promise.all(sentBeforeSignal), ...await Promise.all(sentAfterSignal)]
    assert.ok(sentAfterSignal.length > 0, 'some load went on after the signal')
    assert.deepEqual(answers.filter((status) => status !== 301), [], 'every redirect sent was answered')
    assert.equal(code, 0)
  })
})

/** A GET on a fresh connection; the status, or a rejection for a connection refused or reset. */
async function get (url: string): Promise<number> {
  const response = await fetch(url, { redirect: 'manual', headers: { connection: 'close' } })
  await response.arrayBuffer()
  return response.status
}

/** A PATCH whose headers and half a body go out now, the rest on finish(). */
function startSlowWrite (base: string) {
  const body = JSON.stringify({ cdnHost: 'during-shutdown.example.com' })
  const req = request(base + '/api/settings', {
    method: 'PATCH',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }
  })
  const status = new Promise<number>((resolve, reject) => {
    req.on('response', (response) => { response.resume(); resolve(response.statusCode ?? 0) })
    req.on('error', reject)
  })
  req.write(body.slice(0, 10))
  const headersSent = new Promise<void>((resolve) => req.once('socket', (socket) => socket.once('connect', resolve)))
  return { status, headersSent, finish: () => req.end(body.slice(10)) }
}
