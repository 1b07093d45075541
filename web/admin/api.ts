// The console's client for /api/*: every call carries the bearer token and comes back as a
// result, the API's problem+json on failure, so views never parse responses themselves.

export interface Ratio { readonly cdn: number, readonly origin: number }

export interface Settings {
  readonly cdnHost: string
  readonly ratio: Ratio
  readonly version: number
  readonly updatedAt: string
  readonly updatedBy: string
}

export interface HistoryEntry {
  readonly version: number
  readonly cdnHost: string
  readonly ratio: Ratio
  readonly createdAt: string
  readonly actor: string
  readonly action: 'init' | 'update' | 'rollback'
  readonly sourceVersion: number | null
}

export interface TrafficReport {
  readonly at: string
  readonly counts: { readonly cdn: number, readonly origin: number, readonly rejected: Readonly<Record<string, number>> }
  readonly settings: { readonly version: number, readonly ratio: Ratio }
  readonly store: { readonly connected: boolean, readonly lastSyncAt: string | null, readonly lastError: string | null }
}

export interface Problem { readonly status: number, readonly code: string, readonly detail: string }

export type ApiResult<T> =
  | { readonly ok: true, readonly value: T, readonly etag: string | undefined }
  | { readonly ok: false, readonly problem: Problem }

/** What the form sends: weights as typed, so the API's own validation explains a bad one. */
export interface SettingsInput { readonly cdnHost: string, readonly ratio: { readonly cdn: unknown, readonly origin: unknown } }

export interface Api {
  settings(): Promise<ApiResult<Settings>>
  save(input: SettingsInput, etag: string | undefined): Promise<ApiResult<Settings>>
  history(): Promise<ApiResult<{ versions: HistoryEntry[] }>>
  rollback(version: number, etag: string | undefined): Promise<ApiResult<Settings>>
  traffic(): Promise<ApiResult<TrafficReport>>
}

/** token is read at each call, so one client serves the page across sign-in and sign-out. */
export function createApi (token: () => string, onUnauthorized: () => void = () => {}): Api {
  const call = async <T>(method: string, path: string, body?: unknown, etag?: string): Promise<ApiResult<T>> => {
    const headers: Record<string, string> = { authorization: `Bearer ${token()}`, accept: 'application/json' }
    if (body !== undefined) headers['content-type'] = 'application/json'
    if (etag !== undefined) headers['if-match'] = etag
    let response: Response
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
    } catch {
      return { ok: false, problem: { status: 0, code: 'unreachable', detail: 'the service cannot be reached' } }
    }
    const json: unknown = await response.json().catch(() => undefined)
    if (response.ok) return { ok: true, value: json as T, etag: response.headers.get('etag') ?? undefined }
    if (response.status === 401) onUnauthorized()
    return { ok: false, problem: asProblem(response.status, json) }
  }
  return {
    settings: async () => await call('GET', '/api/settings'),
    save: async (input, etag) => await call('PUT', '/api/settings', input, etag),
    history: async () => await call('GET', '/api/settings/history?limit=50'),
    rollback: async (version, etag) => await call('POST', '/api/settings/rollback', { version }, etag),
    traffic: async () => await call('GET', '/api/traffic')
  }
}

function asProblem (status: number, json: unknown): Problem {
  const body = typeof json === 'object' && json !== null ? json as Partial<Record<string, unknown>> : {}
  return {
    status,
    code: typeof body.code === 'string' ? body.code : 'http-' + String(status),
    detail: typeof body.detail === 'string' ? body.detail : `the service answered ${status}`
  }
}
