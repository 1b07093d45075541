// Bearer-token authentication for /api/*: every named admin token is compared in constant time,
// and the matching name becomes the actor recorded in the settings history. Failures are counted
// per client address; too many answer 429 (see auth-limiter.ts).
import { createHash, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { AdminToken } from '../config.js'
import type { FailureLimiter } from './auth-limiter.js'
import { problem, ProblemError } from './problem.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The name of the admin token the request was made with. */
    actor: string
  }
}

export function createAuthenticate (tokens: readonly AdminToken[], limiter: FailureLimiter): (request: FastifyRequest) => Promise<void> {
  // Comparing fixed-length digests keeps the comparison constant-time whatever the lengths.
  const known = tokens.map(({ name, token }) => ({ name, digest: digest(token) }))
  return async (request) => {
    const wait = limiter.blockedFor(request.ip)
    if (wait > 0) {
      throw new ProblemError(problem(429, 'too-many-failed-attempts', `too many failed authentications from this address; try again in ${wait} s`),
        { headers: { 'retry-after': String(wait) } })
    }
    const header = request.headers.authorization
    const presented = header?.startsWith('Bearer ') === true ? digest(header.slice(7).trim()) : undefined
    let actor: string | undefined
    for (const { name, digest } of known) {
      if (presented !== undefined && timingSafeEqual(presented, digest) && actor === undefined) actor = name
    }
    if (actor === undefined) {
      limiter.recordFailure(request.ip)
      throw new ProblemError(
        problem(401, 'unauthorized', header === undefined ? 'send Authorization: Bearer <admin token>' : 'the admin token is not valid'),
        { headers: { 'www-authenticate': 'Bearer realm="balancer"' } })
    }
    request.actor = actor
  }
}

function digest (token: string): Buffer {
  return createHash('sha256').update(token).digest()
}
