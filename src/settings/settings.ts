// The settings that steer traffic, their schemas (which also validate the API and feed the
// OpenAPI document) and the rules a schema cannot say.
import { Type, type Static } from 'typebox'
import { err, ok, type Result } from '../result.js'

export const MAX_WEIGHT = 1_000_000

export const RatioSchema = Type.Object({
  cdn: Type.Integer({ minimum: 0, maximum: MAX_WEIGHT, description: 'Share of requests sent to the CDN' }),
  origin: Type.Integer({ minimum: 0, maximum: MAX_WEIGHT, description: 'Share of requests sent straight to the origin' })
}, { additionalProperties: false, description: 'The cdn:origin split; 9:1 sends every 10th request to origin' })
export type Ratio = Static<typeof RatioSchema>

// A bare host name, IPv4 or [IPv6] address, with an optional port: no scheme, path or credentials.
const HOST_PATTERN = '^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?$'
export const CdnHostSchema = Type.String({
  minLength: 1,
  maxLength: 260,
  pattern: HOST_PATTERN,
  description: 'CDN host name with an optional port, e.g. cdn.example.com or cdn.example.com:8443'
})

export interface Settings {
  readonly cdnHost: string
  readonly ratio: Ratio
  readonly version: number
  readonly updatedAt: Date
  readonly updatedBy: string
}

/** The part of the settings a person chooses; the rest is bookkeeping. */
export interface SettingsValues {
  readonly cdnHost: string
  readonly ratio: Ratio
}

const hostPattern = new RegExp(HOST_PATTERN)

/** Normalises a CDN host, or explains why it is not one. */
export function checkCdnHost (input: string): Result<string> {
  if (input.length > 260 || !hostPattern.test(input)) {
    return err(`"${input}" is not a bare host[:port] (no scheme, path or credentials)`)
  }
  const port = /:([0-9]+)$/.exec(input)?.[1]
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    return err(`port ${port} is out of range 1-65535`)
  }
  return ok(input.toLowerCase())
}

/** The one rule on a ratio the schema cannot state: something must receive the traffic. */
export function checkRatio (ratio: Ratio): Result<Ratio> {
  if (ratio.cdn + ratio.origin === 0) return err('ratio 0:0 sends traffic nowhere; at least one weight must be positive')
  return ok(ratio)
}

/** Parses "9:1" (environment and command-line form). */
export function parseRatio (text: string): Result<Ratio> {
  const match = /^\s*([0-9]{1,7})\s*:\s*([0-9]{1,7})\s*$/.exec(text)
  if (match === null) return err(`"${text}" is not of the form cdn:origin, e.g. 9:1`)
  const ratio = { cdn: Number(match[1]), origin: Number(match[2]) }
  if (ratio.cdn > MAX_WEIGHT || ratio.origin > MAX_WEIGHT) return err(`weights go up to ${MAX_WEIGHT}`)
  return checkRatio(ratio)
}

export function sameRatio (a: Ratio, b: Ratio): boolean {
  return a.cdn === b.cdn && a.origin === b.origin
}

export function formatRatio (ratio: Ratio): string {
  return `${ratio.cdn}:${ratio.origin}`
}
