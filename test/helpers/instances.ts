// Real balancer processes for the scale-out and cluster tests: `node --import tsx src/main.ts`,
// each on its own free port, sharing one database server (or each with its embedded one). A fleet remembers every process it spawned, ready or not,
// so stopAll() in a test's `after` leaves none behind even when a start fails.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TOKEN } from './app.js'

export interface Instance {
  readonly name: string
  readonly base: string
  readonly process: ChildProcess
  /** What the process wrote to stderr, for the message of a failed start. */
  readonly stderr: () => string
}

const READY_WITHIN_MS = 60_000

/** A port that was free a moment ago: the kernel picks it for a listener on port 0. */
export async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no TCP address')
  return address.port
}

export interface Fleet {
  /** Spawns an instance and waits until it answers /health/ready. */
  start(name: string, env?: Record<string, string>): Promise<Instance>
  stopAll(): Promise<void>
}

/** Processes on the PostgreSQL server at databaseUrl; without one, each on its own embedded store. */
export function createFleet (databaseUrl?: string): Fleet {
  const spawned: Instance[] = []
  return {
    start: async (name, env = {}) => {
      const instance = await spawnInstance(name, databaseUrl, env)
      spawned.push(instance)
      await waitUntilReady(instance)
      return instance
    },
    stopAll: async () => { await Promise.all(spawned.map(kill)) }
  }
}

async function spawnInstance (name: string, databaseUrl: string | undefined, env: Record<string, string>): Promise<Instance> {
  const port = await freePort()
  const dataDir = await mkdtemp(join(tmpdir(), `balancer-${name}-`))
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl ?? '',
      DATA_DIR: dataDir,
      ADMIN_TOKEN: TOKEN,
      LOG_LEVEL: 'warn',
      ...env
    }
  })
  child.once('exit', () => { rm(dataDir, { recursive: true, force: true }) })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  return { name, base: `http://127.0.0.1:${port}`, process: child, stderr: () => stderr }
}

async function waitUntilReady (instance: Instance): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS
  while (Date.now() < deadline) {
    if (instance.process.exitCode !== null) break
    const ready = await fetch(`${instance.base}/health/ready`).then((response) => response.ok, () => false)
    if (ready) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`${instance.name} did not become ready:\n${instance.stderr()}`)
}

/** SIGKILL: no graceful shutdown, as when a machine or container dies. */
export async function kill (instance: Instance): Promise<void> {
  const child = instance.process
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGKILL')
  await exited
}
