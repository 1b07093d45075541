// Maps an API problem to the form field it is about, so the message shows next to that field.
import type { Problem } from './api.js'

export type Field = 'cdnHost' | 'cdnWeight' | 'originWeight' | 'ratio'

export interface FieldError {
  /** undefined: the problem is about no one field; show it with the form. */
  readonly field: Field | undefined
  readonly message: string
}

const PATHS: Readonly<Record<string, Field>> = {
  cdnHost: 'cdnHost',
  'ratio/cdn': 'cdnWeight',
  'ratio/origin': 'originWeight',
  ratio: 'ratio'
}

export function fieldError (problem: Problem): FieldError {
  if (problem.code === 'invalid-cdn-host') return { field: 'cdnHost', message: withoutPrefix(problem.detail, 'cdnHost: ') }
  if (problem.code === 'invalid-ratio') return { field: 'ratio', message: withoutPrefix(problem.detail, 'ratio: ') }
  // Schema errors read "body/ratio/cdn must be <= 1000000".
  const schema = /^body\/(\S+) (.+)$/.exec(problem.detail)
  const field = schema?.[1] === undefined ? undefined : PATHS[schema[1]]
  if (schema?.[2] === undefined || field === undefined) return { field: undefined, message: problem.detail }
  // The host pattern is long and says nothing to a person: say what it stands for.
  const message = schema[2].startsWith('must match pattern') ? 'must be a bare host name with an optional port, e.g. cdn.example.com:8443 (no scheme, path or credentials)' : schema[2]
  return { field, message }
}

function withoutPrefix (text: string, prefix: string): string {
  return text.startsWith(prefix) ? text.slice(prefix.length) : text
}
