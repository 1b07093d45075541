// The one error shape: RFC 9457 problem+json, with a stable `code`. Every 4xx/5xx, whether from
// a route, a schema, the not-found handler or the redirect fast path, is rendered here.
import { STATUS_CODES, type ServerResponse } from 'node:http'
import { Type, type Static } from 'typebox'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'

export const PROBLEM_TYPE = 'application/problem+json'

export const ProblemSchema = Type.Object({
  type: Type.String({ description: 'URI naming the kind of problem' }),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String({ description: 'Stable machine-readable code' })
}, { $id: 'Problem', description: 'RFC 9457 problem details' })
export type Problem = Static<typeof ProblemSchema>

export function problem (status: number, code: string, detail: string): Problem {
  return { type: `urn:balancer:problem:${code}`, title: STATUS_CODES[status] ?? 'Error', status, detail, code }
}

/** Thrown by route handlers for an expected failure; the error handler renders it. */
export class ProblemError extends Error {
  readonly headers: Readonly<Record<string, string>>
  constructor (readonly problem: Problem, options: { headers?: Record<string, string>, cause?: unknown } = {}) {
    super(problem.detail, { cause: options.cause })
    this.headers = options.headers ?? {}
  }
}

export function sendProblem (res: ServerResponse, body: Problem): void {
  const text = JSON.stringify(body)
  res.writeHead(body.status, { 'content-type': PROBLEM_TYPE + '; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' })
  res.end(text)
}

export function handleError (error: FastifyError | ProblemError, request: FastifyRequest, reply: FastifyReply): void {
  const body = toProblem(error)
  if (body.status >= 500) request.log.error({ err: error.cause ?? error }, error.message)
  if (error instanceof ProblemError) reply.headers(error.headers)
  reply.code(body.status).type(PROBLEM_TYPE).header('cache-control', 'no-store').send(body)
}

function toProblem (error: FastifyError | ProblemError): Problem {
  if (error instanceof ProblemError) return error.problem
  if (error.validation !== undefined) return problem(400, 'invalid-request', error.message)
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(400, 'unsupported-content-type', 'the request body must be application/json')
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, 'malformed-json', error.message)
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, 'body-too-large', error.message)
  }
  const status = error.statusCode ?? 500
  if (status >= 400 && status < 500) return problem(status, error instanceof SyntaxError ? 'malformed-json' : 'bad-request', error.message)
  // 5xx details stay in the log.
  return problem(500, 'internal-error', 'the server failed to answer; the error is in its log')
}
