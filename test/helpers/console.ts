// A real app serving a freshly built admin console on a loopback port, and Debian's Chromium
// driven by playwright-core (never a downloaded browser). Used by the browser tests and by
// scripts/admin-screenshots.ts.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { createTraffic, type Traffic } from '../../src/metrics/traffic.js'
import { buildTestApp, type TestApp } from './app.js'

export const CHROMIUM = '/usr/bin/chromium'

/** Why the browser tests cannot run here, or false when they can. */
export const noChromium: string | false = existsSync(CHROMIUM)
  ? false
  : `Debian's chromium is not installed at ${CHROMIUM} (apt-get install chromium); CI installs it and runs these tests`

export interface ConsoleApp {
  readonly t: TestApp
  readonly traffic: Traffic
  /** http://127.0.0.1:<port> */
  readonly base: string
  close(): Promise<void>
}

/** Builds the console into a directory of its own (as `npm run build` does into dist/) and serves it. */
export async function startConsoleApp (): Promise<ConsoleApp> {
  const dir = mkdtempSync(join(tmpdir(), 'balancer-admin-'))
  execFileSync(process.execPath, ['scripts/build-admin.js', dir], { stdio: 'inherit' })
  const traffic = createTraffic()
  const t = await buildTestApp({ adminDir: dir, traffic })
  await t.app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = t.app.server.address() as AddressInfo
  return {
    t,
    traffic,
    base: `http://127.0.0.1:${port}`,
    close: async () => {
      await t.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export async function launchChromium (): Promise<Browser> {
  return await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
}

/** Sends n redirect requests for origin server s1; returns the Location headers. */
export async function sendRedirects (base: string, n: number): Promise<string[]> {
  const locations: string[] = []
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${base}/?video=${encodeURIComponent(`http://s1.origin-cluster/video/${i}/index.m3u8`)}`, { redirect: 'manual' })
    locations.push(response.headers.get('location') ?? '')
  }
  return locations
}
