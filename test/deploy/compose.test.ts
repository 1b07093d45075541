// The compose files and the image agree with the service: they parse, give the balancer only
// variables loadConfig reads, interpolate only variables .env.example defines, and publish the port
// the balancer listens on. `docker compose up` itself is tried by hand (docs/deployment.md).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { loadConfig } from '../../src/config.js'
import { readEnvFile, readYaml, variablesReadByLoadConfig } from './manifests.js'

interface ComposeService {
  environment?: Record<string, string>
  ports?: string[]
  expose?: string[]
  restart?: string
  depends_on?: Record<string, { condition: string }>
  stop_grace_period?: string
}

const FILES = ['docker-compose.yml', 'docker-compose.replicas.yml']
const PUBLISHED = '$' + '{BALANCER_PORT:-8080}:8080'
const example = readEnvFile('.env.example')
const known = variablesReadByLoadConfig(example)

function services (file: string): Record<string, ComposeService> {
  return (readYaml(file) as { services: Record<string, ComposeService> }).services
}

/** `${NAME}`, `${NAME:-default}`, `${NAME:?message}`: the names compose takes from .env. */
function interpolated (file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/\$\{([A-Z0-9_]+)/g)].map((match) => match[1] ?? '')
}

describe('docker compose files', () => {
  for (const file of FILES) {
    it(`${file} gives the balancer only variables it reads, with values it accepts`, () => {
      const balancer = services(file).balancer ?? assert.fail('a balancer service')
      const environment = balancer.environment ?? {}
      assert.deepEqual(Object.keys(environment).filter((name) => !known.has(name)), [])
      const resolved = Object.fromEntries(Object.entries(environment).map(([name, value]) => [name, value.replace(/\$\{[^}]+\}/g, 'secret')]))
      const config = loadConfig({ ...example, ...resolved })
      assert.equal(config.port, 8080)
      // compose's grace period, then SIGKILL: the service's own bound must end it first.
      assert.ok(Number(balancer.stop_grace_period?.replace(/s$/, '')) * 1000 > config.shutdownTimeoutMs)
      assert.equal(balancer.restart, 'unless-stopped')
      assert.equal(balancer.depends_on?.postgres?.condition, 'service_healthy')
    })

    it(`${file} interpolates only variables .env.example defines`, () => {
      assert.deepEqual(interpolated(file).filter((name) => !(name in example)), [])
    })
  }

  it('lists in .env.example only variables the service or compose reads', () => {
    const composeOnly = new Set(FILES.flatMap(interpolated))
    assert.deepEqual(Object.keys(example).filter((name) => !known.has(name) && !composeOnly.has(name)), [])
  })

  it('publishes the balancer\'s port alone, or nginx\'s in front of the replicas', () => {
    assert.deepEqual(services('docker-compose.yml').balancer?.ports, [PUBLISHED])
    const replicas = services('docker-compose.replicas.yml')
    assert.equal(replicas.balancer?.ports, undefined, 'replicas publish no port, so --scale works')
    assert.deepEqual(replicas.balancer?.expose, ['8080'])
    assert.deepEqual(replicas.nginx?.ports, [PUBLISHED])
    const nginx = readFileSync('deploy/nginx/balancer.conf', 'utf8')
    assert.match(nginx, /server balancer:8080\b/)
    assert.match(nginx, /proxy_pass http:\/\/balancer;/, 'no URI after the upstream: the query string passes unchanged')
  })

  it('builds an image whose ENV names variables the service reads', () => {
    const names = [...readFileSync('Dockerfile', 'utf8').matchAll(/^ENV (.+)$/gm)]
      .flatMap((match) => (match[1] ?? '').split(/\s+/).map((pair) => pair.split('=')[0] ?? ''))
    assert.deepEqual(names.filter((name) => !known.has(name)), [])
  })
})
