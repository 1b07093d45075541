// The last settings this instance saw, kept in a file under DATA_DIR so that a restart while the
// database is unreachable serves them instead of the environment's initial values. Written on
// every change (temp file + rename: a crash leaves the old file or the new one, never half of one).
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { err, ok, type Result } from '../result.js'
import { Value } from 'typebox/value'
import { checkCdnHost, checkRatio, RatioSchema, type Settings } from './settings.js'

export interface SnapshotFile {
  readonly path: string
  /** ok(undefined) when there is no file; an error when there is one that cannot be used. */
  read(): Promise<Result<Settings | undefined>>
  /** Writes are applied in call order; a rejected write leaves the previous file in place. */
  write(settings: Settings): Promise<void>
}

export function createSnapshotFile (path: string): SnapshotFile {
  let queue: Promise<unknown> = Promise.resolve()
  let writes = 0
  return {
    path,
    async read () {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(undefined)
        throw error
      }
      return parseSnapshot(text)
    },
    async write (settings) {
      const temporary = `${path}.${process.pid}.${++writes}.tmp`
      const text = JSON.stringify({ ...settings, updatedAt: settings.updatedAt.toISOString() }, null, 2) + '\n'
      const done = queue.then(async () => {
        await mkdir(dirname(path), { recursive: true })
        await writeFile(temporary, text, { mode: 0o600 })
        await rename(temporary, path)
      })
      queue = done.catch(() => {})
      await done
    }
  }
}

function parseSnapshot (text: string): Result<Settings> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return err('the file is not JSON')
  }
  if (typeof value !== 'object' || value === null) return err('the file does not hold settings')
  const { cdnHost, ratio, version, updatedAt, updatedBy } = value as Record<string, unknown>
  const host = typeof cdnHost === 'string' ? checkCdnHost(cdnHost) : err('cdnHost is missing')
  if (!host.ok) return host
  const checkedRatio = Value.Check(RatioSchema, ratio) ? checkRatio(ratio) : err('ratio is missing or malformed')
  if (!checkedRatio.ok) return checkedRatio
  const date = typeof updatedAt === 'string' ? new Date(updatedAt) : new Date(NaN)
  if (!Number.isSafeInteger(version) || Number(version) < 0 || Number.isNaN(date.getTime()) || typeof updatedBy !== 'string') {
    return err('version, updatedAt or updatedBy is missing or malformed')
  }
  return ok({ cdnHost: host.value, ratio: checkedRatio.value, version: Number(version), updatedAt: date, updatedBy })
}
