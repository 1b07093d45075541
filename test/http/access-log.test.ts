// LOG_REDIRECTS: one line per redirect when on, none when off.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Writable } from 'node:stream'
import { pino } from 'pino'
import { loadConfig } from '../../src/config.js'
import { buildApp } from '../../src/http/app.js'
import { createLiveSettings } from '../../src/settings/live.js'
import type { SettingsStore } from '../../src/settings/store.js'
import { video } from '../helpers/app.js'

async function logLinesFor (logRedirects: string): Promise<Array<Record<string, unknown>>> {
  const lines: Array<Record<string, unknown>> = []
  const sink = new Writable({ write (chunk: Buffer, _encoding, done) { lines.push(JSON.parse(chunk.toString())); done() } })
  const config = loadConfig({ ADMIN_TOKEN: 'test-admin-token-0123456789', LOG_REDIRECTS: logRedirects })
  const live = createLiveSettings({ initial: { ...config.initialSettings, version: 1, updatedAt: new Date(), updatedBy: 'init' } })
  const app = await buildApp({ config, live, store: {} as unknown as SettingsStore, logger: pino(sink) })
  await app.inject({ url: video('http://s1.origin-cluster/a.m3u8') })
  await app.close()
  return lines.filter((line) => line.access === true)
}

describe('redirect access log', () => {
  it('writes one line per redirect with LOG_REDIRECTS on', async () => {
    const lines = await logLinesFor('true')
    assert.equal(lines.length, 1)
    assert.equal(lines[0]?.status, 301)
    assert.equal(lines[0]?.location, 'http://cdn.example.com/s1/a.m3u8')
  })

  it('writes nothing per redirect with LOG_REDIRECTS off', async () => {
    assert.deepEqual(await logLinesFor('false'), [])
  })
})
