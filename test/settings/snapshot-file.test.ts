// The snapshot file: what it keeps, what it refuses to use, and that a write replaces it whole.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSnapshotFile } from '../../src/settings/snapshot-file.js'
import type { Settings } from '../../src/settings/settings.js'

const v3: Settings = { cdnHost: 'cdn.example.com', ratio: { cdn: 4, origin: 1 }, version: 3, updatedAt: new Date('2025-01-02T03:04:05.000Z'), updatedBy: 'ops' }

describe('snapshot file', () => {
  let dir: string
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'balancer-snapshot-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  it('reads back the settings last written, and leaves no temporary file', async () => {
    const file = createSnapshotFile(join(dir, 'a', 'settings.json'))
    await Promise.all([file.write({ ...v3, version: 2 }), file.write(v3)])
    assert.deepEqual(await file.read(), { ok: true, value: v3 })
    assert.deepEqual(await readdir(join(dir, 'a')), ['settings.json'])
  })

  it('reports no settings when there is no file', async () => {
    assert.deepEqual(await createSnapshotFile(join(dir, 'missing.json')).read(), { ok: true, value: undefined })
  })

  for (const [name, content] of [
    ['not JSON', '{"cdnHost": "cdn.exa'],
    ['a ratio of 0:0', JSON.stringify({ ...v3, ratio: { cdn: 0, origin: 0 } })],
    ['a CDN host with a scheme', JSON.stringify({ ...v3, cdnHost: 'http://cdn.example.com' })],
    ['no version', JSON.stringify({ ...v3, version: undefined })]
  ] as const) {
    it(`refuses a file holding ${name}`, async () => {
      const path = join(dir, 'bad.json')
      await writeFile(path, content)
      assert.equal((await createSnapshotFile(path).read()).ok, false)
    })
  }
})
