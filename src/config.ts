// Environment → one typed, validated Config. The only reader of process.env is main.ts, which
// passes it here; a bad value stops start-up with a message naming the variable.
import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import type { OriginRules } from './balancer/video-url.js'
import { err, ok, type Result } from './result.js'
import { checkCdnHost, parseRatio, type SettingsValues } from './settings/settings.js'

export type RedirectStatus = 301 | 302 | 307 | 308
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'

export interface AdminToken {
  /** Who the token belongs to; recorded in the settings history. */
  readonly name: string
  readonly token: string
}

export interface Config {
  readonly port: number
  readonly host: string
  readonly databaseUrl: string | undefined
  readonly dataDir: string
  readonly initialSettings: SettingsValues
  readonly origin: OriginRules
  readonly redirectStatus: RedirectStatus
  /** Empty when none is configured: main.ts then makes one up and prints it once. */
  readonly adminTokens: readonly AdminToken[]
  readonly settingsPollMs: number
  readonly shutdownTimeoutMs: number
  /** How long readiness reports 503 before the server stops taking connections. */
  readonly shutdownDrainMs: number
  readonly logLevel: LogLevel
  /** One access-log line per redirect (off by default: the redirect path then logs nothing). */
  readonly logRedirects: boolean
  /** Failed /api/* authentications allowed per client address and window before 429. */
  readonly authFailureLimit: number
  readonly authFailureWindowMs: number
  /** Processes serving requests: 1 is a single process; more run a node:cluster under one primary. */
  readonly workers: number
}

export class ConfigError extends Error {
  constructor (readonly variable: string, reason: string) {
    super(`${variable}: ${reason}`)
    this.name = 'ConfigError'
  }
}

const MIN_TOKEN_LENGTH = 16

type Env = Readonly<Record<string, string | undefined>>

export function loadConfig (env: Env): Config {
  const get = (name: string): string | undefined => {
    const value = env[name]?.trim()
    return value === undefined || value === '' ? undefined : value
  }
  const need = <T>(name: string, fallback: string, parse: (text: string) => Result<T>): T => {
    const result = parse(get(name) ?? fallback)
    if (!result.ok) throw new ConfigError(name, result.error)
    return result.value
  }

  return {
    port: need('PORT', '8080', integerIn(0, 65535)),
    host: get('HOST') ?? '0.0.0.0',
    databaseUrl: need('DATABASE_URL', '', databaseUrl),
    dataDir: resolve(get('DATA_DIR') ?? './data'),
    initialSettings: {
      cdnHost: need('CDN_HOST', 'cdn.example.com', checkCdnHost),
      ratio: need('CDN_ORIGIN_RATIO', '9:1', parseRatio)
    },
    origin: {
      domain: need('ORIGIN_DOMAIN', 'origin-cluster', originDomain),
      labelPattern: need('ORIGIN_LABEL_PATTERN', 's[0-9]+', labelPattern)
    },
    redirectStatus: need('REDIRECT_STATUS', '301', redirectStatus),
    adminTokens: [
      ...need('ADMIN_TOKEN', '', adminToken),
      ...need('ADMIN_TOKENS', '', namedTokens)
    ],
    settingsPollMs: need('SETTINGS_POLL_MS', '5000', integerIn(100, 3_600_000)),
    ...shutdownTimes(need('SHUTDOWN_TIMEOUT_MS', '8000', integerIn(0, 60_000)), need('SHUTDOWN_DRAIN_MS', '1000', integerIn(0, 30_000))),
    logLevel: need('LOG_LEVEL', 'info', oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const)),
    logRedirects: need('LOG_REDIRECTS', 'false', boolean),
    authFailureLimit: need('AUTH_FAILURE_LIMIT', '10', integerIn(1, 1_000_000)),
    authFailureWindowMs: need('AUTH_FAILURE_WINDOW_MS', '60000', integerIn(1000, 86_400_000)),
    workers: need('WORKERS', '1', (text) => text === 'auto' ? ok(availableParallelism()) : integerIn(1, 256)(text))
  }
}

/** The configuration as it may be logged: the database password and the tokens are left out. */
export function loggableConfig (config: Config): Record<string, unknown> {
  const { databaseUrl, adminTokens, origin, ...rest } = config
  return {
    ...rest,
    databaseUrl: databaseUrl === undefined ? undefined : maskPassword(databaseUrl),
    admins: adminTokens.map((token) => token.name),
    origin: { domain: origin.domain, labelPattern: origin.labelPattern.source }
  }
}

function maskPassword (url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    for (const key of [...parsed.searchParams.keys()]) if (/pass|token|secret/i.test(key)) parsed.searchParams.set(key, '***')
    return parsed.toString()
  } catch {
    return 'postgres://***'
  }
}

function shutdownTimes (shutdownTimeoutMs: number, shutdownDrainMs: number): Pick<Config, 'shutdownTimeoutMs' | 'shutdownDrainMs'> {
  // The drain is part of the bounded shutdown; a drain as long as the bound leaves no time to finish requests.
  if (shutdownDrainMs >= shutdownTimeoutMs && shutdownDrainMs > 0) {
    throw new ConfigError('SHUTDOWN_DRAIN_MS', `${shutdownDrainMs} must be shorter than SHUTDOWN_TIMEOUT_MS (${shutdownTimeoutMs})`)
  }
  return { shutdownTimeoutMs, shutdownDrainMs }
}

function boolean (text: string): Result<boolean> {
  if (/^(true|1|yes|on)$/i.test(text)) return ok(true)
  if (/^(false|0|no|off)$/i.test(text)) return ok(false)
  return err(`"${text}" is not true or false`)
}

function integerIn (min: number, max: number) {
  return (text: string): Result<number> => {
    const value = Number(text)
    return /^[0-9]+$/.test(text) && value >= min && value <= max ? ok(value) : err(`"${text}" is not a whole number from ${min} to ${max}`)
  }
}

function oneOf<T extends string> (choices: readonly T[]) {
  return (text: string): Result<T> => {
    const choice = choices.find((candidate) => candidate === text)
    return choice === undefined ? err(`"${text}" is not one of ${choices.join(', ')}`) : ok(choice)
  }
}

function redirectStatus (text: string): Result<RedirectStatus> {
  const status = ([301, 302, 307, 308] as const).find((candidate) => String(candidate) === text)
  return status === undefined ? err(`"${text}" is not one of 301, 302, 307, 308`) : ok(status)
}

function databaseUrl (text: string): Result<string | undefined> {
  if (text === '') return ok(undefined)
  // Never echo the URL back: it may hold a password.
  return /^postgres(ql)?:\/\//.test(text) ? ok(text) : err('must start with postgres:// or postgresql://')
}

function originDomain (text: string): Result<string> {
  const domain = text.toLowerCase()
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain) ? ok(domain) : err(`"${text}" is not a domain name`)
}

function labelPattern (text: string): Result<RegExp> {
  try {
    // Host names are case-insensitive and compared lower-cased, so the pattern is too.
    return ok(new RegExp(`^(?:${text})$`, 'i'))
  } catch {
    return err(`"${text}" is not a regular expression`)
  }
}

function adminToken (text: string): Result<AdminToken[]> {
  if (text === '') return ok([])
  return text.length >= MIN_TOKEN_LENGTH ? ok([{ name: 'admin', token: text }]) : err(`must be at least ${MIN_TOKEN_LENGTH} characters long`)
}

// Never echo a token back: error messages name the entry, not its secret.
function namedTokens (text: string): Result<AdminToken[]> {
  if (text === '') return ok([])
  const tokens: AdminToken[] = []
  for (const [index, entry] of text.split(',').entries()) {
    const at = entry.indexOf(':')
    const name = entry.slice(0, at).trim()
    const token = entry.slice(at + 1).trim()
    // Entries are named by position: a name written where the token belongs would be a secret.
    if (at === -1 || !/^[A-Za-z0-9._-]{1,64}$/.test(name)) return err(`entry ${index + 1} must be name:token, with a name of letters, digits, ".", "_" or "-"`)
    if (token.length < MIN_TOKEN_LENGTH) return err(`the token of entry ${index + 1} must be at least ${MIN_TOKEN_LENGTH} characters long`)
    tokens.push({ name, token })
  }
  return ok(tokens)
}
