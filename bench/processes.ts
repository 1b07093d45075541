// Starting and stopping the servers under test, and the load generator, as child processes.
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { createServer } from 'node:net'
import type { LoadSpec } from './load.js'
import type { LoadResult } from './tally.js'

export interface Server {
  readonly name: string
  readonly url: string
  readonly process: ChildProcess
  stop(): Promise<void>
}

/** A port nobody listens on now, for a child to listen on (the service does not report its port). */
export async function freePort (): Promise<number> {
  const probe = createServer().listen(0, '127.0.0.1')
  await once(probe, 'listening')
  const address = probe.address()
  probe.close()
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

/** Starts `node <args>` with PORT set, and resolves once it answers HTTP on 127.0.0.1. */
export async function startServer (name: string, args: readonly string[], env: Record<string, string>): Promise<Server> {
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  // stdout (the service's log) is dropped; stderr stays visible, for start-up failures.
  const child = spawn(process.execPath, args, { env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] })
  const exited = once(child, 'exit')
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
    await exited
    clearTimeout(timer)
  }
  for (let waited = 0; waited < 30_000; waited += 100) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before answering`)
    if (await answers(url)) return { name, url, process: child, stop }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await stop()
  throw new Error(`${name} did not answer on ${url} within 30 s`)
}

async function answers (url: string): Promise<boolean> {
  try {
    await fetch(url, { redirect: 'manual' })
    return true
  } catch {
    return false
  }
}

/** Runs autocannon in a child process, so it gets a core of its own instead of the runner's loop. */
export async function runLoadProcess (spec: LoadSpec): Promise<LoadResult> {
  const child = fork(new URL('./load.ts', import.meta.url), [JSON.stringify(spec)], { execArgv: ['--import', 'tsx'], stdio: 'inherit' })
  const [result] = await Promise.race([
    once(child, 'message') as Promise<[LoadResult]>,
    once(child, 'exit').then(([code]) => { throw new Error(`the load generator exited with code ${String(code)}`) })
  ])
  return result
}
