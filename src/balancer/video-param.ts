// Finds the one `video` argument in a raw request target ("/?video=...&t=1") and decodes it.
// `+` stays `+`: a URL never holds a space, so form-style decoding could only break a valid URL.
import { err, ok, type Result } from '../result.js'

export type VideoParamError = 'missing' | 'repeated' | 'bad-encoding'

const NAME = 'video='

export function readVideoParam (target: string): Result<string, VideoParamError> {
  const start = target.indexOf('?')
  if (start === -1) return err('missing')
  let raw: string | undefined
  let from = start + 1
  while (from <= target.length) {
    let end = target.indexOf('&', from)
    if (end === -1) end = target.length
    if (target.startsWith(NAME, from)) {
      if (raw !== undefined) return err('repeated')
      raw = target.slice(from + NAME.length, end)
    } else if (end - from === 5 && target.startsWith('video', from)) {
      // "video" with no "=": present, but empty.
      if (raw !== undefined) return err('repeated')
      raw = ''
    }
    from = end + 1
  }
  if (raw === undefined) return err('missing')
  if (raw.indexOf('%') === -1) return ok(raw)
  try {
    return ok(decodeURIComponent(raw))
  } catch {
    return err('bad-encoding')
  }
}
