// Decides whether a `video` argument is a URL of one of our origin servers, and splits it into
// the parts a Location is built from. Everything else is refused, so the balancer can never be
// used as an open redirect. Hand-written instead of `new URL()`: it is the hot path, and
// WHATWG parsing is lenient (backslashes, tabs, credentials) in exactly the ways we must refuse.
import { err, ok, type Result } from '../result.js'

export const MAX_VIDEO_URL_LENGTH = 2048

export interface OriginRules {
  /** Lower-case domain the servers live under, e.g. "origin-cluster". */
  readonly domain: string
  /** Which first labels name a server, e.g. /^s[0-9]+$/. */
  readonly labelPattern: RegExp
}

export interface VideoUrl {
  readonly scheme: 'http' | 'https'
  /** The server label, e.g. "s1": the CDN path's first segment. */
  readonly label: string
  /** Lower-case host with the port as given, e.g. "s1.origin-cluster:8080". */
  readonly authority: string
  /** Path and query string, always starting with "/"; the fragment is dropped. */
  readonly rest: string
}

export type VideoUrlError = 'empty' | 'too-long' | 'bad-character' | 'bad-scheme' | 'userinfo' | 'bad-host' | 'bad-port' | 'dot-segment'

// RFC 3986 characters: unreserved, reserved and "%". Anything else (space, control characters,
// backslash, quotes, non-ASCII) is refused rather than guessed at.
const ALLOWED = new Uint8Array(128)
for (const ch of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%") {
  ALLOWED[ch.charCodeAt(0)] = 1
}
const HEX = /^[0-9a-fA-F]{2}$/

export function parseVideoUrl (input: string, rules: OriginRules): Result<VideoUrl, VideoUrlError> {
  if (input.length === 0) return err('empty')
  if (input.length > MAX_VIDEO_URL_LENGTH) return err('too-long')
  if (!hasOnlyUrlCharacters(input)) return err('bad-character')

  const scheme = readScheme(input)
  if (scheme === undefined) return err('bad-scheme')
  const hostStart = scheme.length + 3

  let hostEnd = hostStart
  while (hostEnd < input.length && !isAuthorityEnd(input.charCodeAt(hostEnd))) hostEnd++
  const authority = input.slice(hostStart, hostEnd).toLowerCase()
  if (authority.includes('@')) return err('userinfo')

  const colon = authority.indexOf(':')
  const host = colon === -1 ? authority : authority.slice(0, colon)
  if (colon !== -1 && !isPort(authority.slice(colon + 1))) return err('bad-port')
  const label = serverLabel(host, rules)
  if (label === undefined) return err('bad-host')

  const hash = input.indexOf('#', hostEnd)
  let rest = hash === -1 ? input.slice(hostEnd) : input.slice(hostEnd, hash)
  if (rest.length === 0 || rest.charCodeAt(0) !== 47 /* / */) rest = '/' + rest
  if (hasDotSegment(rest)) return err('dot-segment')

  return ok({ scheme, label, authority, rest })
}

function hasOnlyUrlCharacters (input: string): boolean {
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i)
    if (code >= 128 || ALLOWED[code] !== 1) return false
    if (code === 37 /* % */ && !HEX.test(input.slice(i + 1, i + 3))) return false
  }
  return true
}

function readScheme (input: string): 'http' | 'https' | undefined {
  const head = input.slice(0, 8).toLowerCase()
  if (head.startsWith('http://')) return 'http'
  if (head === 'https://') return 'https'
  return undefined
}

function isAuthorityEnd (code: number): boolean {
  return code === 47 /* / */ || code === 63 /* ? */ || code === 35 /* # */
}

function isPort (text: string): boolean {
  if (!/^[0-9]{1,5}$/.test(text)) return false
  const port = Number(text)
  return port >= 1 && port <= 65535
}

/** "s1.origin-cluster" → "s1" when the host is exactly one server label under the domain. */
function serverLabel (host: string, rules: OriginRules): string | undefined {
  const labelLength = host.length - rules.domain.length - 1
  if (labelLength < 1 || host.charCodeAt(labelLength) !== 46 /* . */ || !host.endsWith(rules.domain)) return undefined
  const label = host.slice(0, labelLength)
  if (!/^[a-z0-9-]+$/.test(label) || !rules.labelPattern.test(label)) return undefined
  return label
}

/**
 * "." and ".." segments would let a CDN path climb out of its server's folder. They are looked for
 * percent-encoded too, with %2F taken as "/", since some CDNs decode the path before normalising it.
 * One pass with no allocation: every video path holds a "." (the file extension).
 */
function hasDotSegment (rest: string): boolean {
  let dots = 0 // in the current segment; -1 once it holds anything else
  for (let i = 0; i <= rest.length; i++) {
    let code = i === rest.length ? 63 /* ? */ : rest.charCodeAt(i)
    if (code === 37 /* % */) {
      code = decodedDotOrSlash(rest, i)
      if (code !== 37) i += 2
    }
    if (code === 46 /* . */) {
      if (dots >= 0) dots++
    } else if (code === 47 /* / */ || code === 63 /* ? */) {
      if (dots === 1 || dots === 2) return true
      if (code === 63) return false
      dots = 0
    } else {
      dots = -1
    }
  }
  return false
}

/** "%2e" → ".", "%2f" → "/" (either case); any other escape stays "%". */
function decodedDotOrSlash (text: string, at: number): number {
  if (text.charCodeAt(at + 1) !== 50 /* 2 */) return 37
  const code = text.charCodeAt(at + 2) | 0x20 // lower-cased
  return code === 101 /* e */ ? 46 : code === 102 /* f */ ? 47 : 37
}
