// Environment → Config: defaults, every variable, and a ConfigError naming the variable for bad values.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { availableParallelism } from 'node:os'
import { isAbsolute, resolve, sep } from 'node:path'
import { ConfigError, loadConfig, loggableConfig, type Config } from '../src/config.js'

const TOKEN_A = 'alice-secret-token-0001'
const TOKEN_B = 'bob-secret-token-000002'

describe('loadConfig defaults', () => {
  it('starts from documented defaults with an empty environment', () => {
    const config = loadConfig({})
    const { dataDir, origin, ...rest } = config
    assert.deepEqual(rest, {
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: undefined,
      initialSettings: { cdnHost: 'cdn.example.com', ratio: { cdn: 9, origin: 1 } },
      redirectStatus: 301,
      adminTokens: [],
      settingsPollMs: 5000,
      shutdownTimeoutMs: 8000,
      shutdownDrainMs: 1000,
      logLevel: 'info',
      logRedirects: false,
      authFailureLimit: 10,
      authFailureWindowMs: 60000,
      workers: 1
    })
    assert.ok(isAbsolute(dataDir))
    assert.ok(dataDir.endsWith(sep + 'data'), dataDir)
    assert.equal(origin.domain, 'origin-cluster')
    assert.equal(origin.labelPattern.test('s1'), true)
    assert.equal(origin.labelPattern.test('s'), false)
    assert.equal(origin.labelPattern.test('xs1'), false)
  })

  it('treats empty and blank values as unset', () => {
    const config = loadConfig({ PORT: '', HOST: '  ', CDN_ORIGIN_RATIO: '', DATABASE_URL: ' ', ADMIN_TOKEN: '' })
    assert.equal(config.port, 8080)
    assert.equal(config.host, '0.0.0.0')
    assert.deepEqual(config.initialSettings.ratio, { cdn: 9, origin: 1 })
    assert.equal(config.databaseUrl, undefined)
    assert.deepEqual(config.adminTokens, [])
  })
})

const parsed: Array<{ name: string, env: Record<string, string>, pick: (config: Config) => unknown, expected: unknown }> = [
  { name: 'PORT', env: { PORT: '3000' }, pick: (c) => c.port, expected: 3000 },
  { name: 'PORT with spaces around', env: { PORT: ' 3000 ' }, pick: (c) => c.port, expected: 3000 },
  { name: 'PORT=0 (any free port)', env: { PORT: '0' }, pick: (c) => c.port, expected: 0 },
  { name: 'HOST', env: { HOST: '127.0.0.1' }, pick: (c) => c.host, expected: '127.0.0.1' },
  { name: 'DATABASE_URL postgres://', env: { DATABASE_URL: 'postgres://u:p@db/balancer' }, pick: (c) => c.databaseUrl, expected: 'postgres://u:p@db/balancer' },
  { name: 'DATABASE_URL postgresql://', env: { DATABASE_URL: 'postgresql://db/b' }, pick: (c) => c.databaseUrl, expected: 'postgresql://db/b' },
  { name: 'DATA_DIR', env: { DATA_DIR: '/var/lib/balancer' }, pick: (c) => c.dataDir, expected: '/var/lib/balancer' },
  { name: 'DATA_DIR relative', env: { DATA_DIR: 'state' }, pick: (c) => c.dataDir, expected: resolve('state') },
  { name: 'CDN_HOST', env: { CDN_HOST: 'CDN.Example.net:8443' }, pick: (c) => c.initialSettings.cdnHost, expected: 'cdn.example.net:8443' },
  { name: 'CDN_ORIGIN_RATIO', env: { CDN_ORIGIN_RATIO: '3:2' }, pick: (c) => c.initialSettings.ratio, expected: { cdn: 3, origin: 2 } },
  { name: 'ORIGIN_DOMAIN', env: { ORIGIN_DOMAIN: 'Videos.Example.NET' }, pick: (c) => c.origin.domain, expected: 'videos.example.net' },
  { name: 'REDIRECT_STATUS 302', env: { REDIRECT_STATUS: '302' }, pick: (c) => c.redirectStatus, expected: 302 },
  { name: 'REDIRECT_STATUS 307', env: { REDIRECT_STATUS: '307' }, pick: (c) => c.redirectStatus, expected: 307 },
  { name: 'REDIRECT_STATUS 308', env: { REDIRECT_STATUS: '308' }, pick: (c) => c.redirectStatus, expected: 308 },
  { name: 'ADMIN_TOKEN', env: { ADMIN_TOKEN: TOKEN_A }, pick: (c) => c.adminTokens, expected: [{ name: 'admin', token: TOKEN_A }] },
  {
    name: 'ADMIN_TOKENS',
    env: { ADMIN_TOKENS: `alice:${TOKEN_A}, bob : ${TOKEN_B}` },
    pick: (c) => c.adminTokens,
    expected: [{ name: 'alice', token: TOKEN_A }, { name: 'bob', token: TOKEN_B }]
  },
  {
    name: 'ADMIN_TOKEN and ADMIN_TOKENS together',
    env: { ADMIN_TOKEN: TOKEN_B, ADMIN_TOKENS: `alice:${TOKEN_A}` },
    pick: (c) => c.adminTokens,
    expected: [{ name: 'admin', token: TOKEN_B }, { name: 'alice', token: TOKEN_A }]
  },
  { name: 'SETTINGS_POLL_MS', env: { SETTINGS_POLL_MS: '250' }, pick: (c) => c.settingsPollMs, expected: 250 },
  { name: 'SHUTDOWN_TIMEOUT_MS', env: { SHUTDOWN_TIMEOUT_MS: '0', SHUTDOWN_DRAIN_MS: '0' }, pick: (c) => c.shutdownTimeoutMs, expected: 0 },
  { name: 'LOG_LEVEL', env: { LOG_LEVEL: 'debug' }, pick: (c) => c.logLevel, expected: 'debug' },
  { name: 'LOG_LEVEL silent', env: { LOG_LEVEL: 'silent' }, pick: (c) => c.logLevel, expected: 'silent' },
  { name: 'WORKERS', env: { WORKERS: '4' }, pick: (c) => c.workers, expected: 4 },
  { name: 'WORKERS auto', env: { WORKERS: 'auto' }, pick: (c) => c.workers, expected: availableParallelism() }
]

describe('loadConfig variables', () => {
  for (const { name, env, pick, expected } of parsed) {
    it(`reads ${name}`, () => {
      assert.deepEqual(pick(loadConfig(env)), expected)
    })
  }

  it('reads ORIGIN_LABEL_PATTERN as a whole-label pattern', () => {
    const { labelPattern } = loadConfig({ ORIGIN_LABEL_PATTERN: 'edge-[a-z]+|s1' }).origin
    assert.deepEqual(['edge-a', 's1', 'edge-1', 'xs1', 's12', 'edge-ab-s1'].map((label) => labelPattern.test(label)),
      [true, true, false, false, false, false])
  })

  it('matches server labels case-insensitively, as host names are', () => {
    const { labelPattern } = loadConfig({ ORIGIN_LABEL_PATTERN: 'S[0-9]+' }).origin
    assert.equal(labelPattern.test('s1'), true)
  })
})

const refused: Array<[variable: string, value: string]> = [
  ['PORT', 'abc'], ['PORT', '70000'], ['PORT', '-1'], ['PORT', '80.5'], ['PORT', '1e3'],
  ['REDIRECT_STATUS', '200'], ['REDIRECT_STATUS', '301.0'], ['REDIRECT_STATUS', 'moved'],
  ['CDN_ORIGIN_RATIO', '0:0'], ['CDN_ORIGIN_RATIO', '9/1'], ['CDN_ORIGIN_RATIO', '2000000:1'],
  ['CDN_HOST', 'http://x'], ['CDN_HOST', 'cdn/x'], ['CDN_HOST', 'cdn:0'],
  ['ORIGIN_DOMAIN', 'http://origin'], ['ORIGIN_DOMAIN', 'a..b'], ['ORIGIN_DOMAIN', 'under_score'],
  ['ORIGIN_LABEL_PATTERN', '('], ['ORIGIN_LABEL_PATTERN', '[a-'],
  ['SETTINGS_POLL_MS', '99'], ['SETTINGS_POLL_MS', '3600001'], ['SHUTDOWN_TIMEOUT_MS', '60001'], ['SHUTDOWN_TIMEOUT_MS', 'soon'],
  ['WORKERS', '0'], ['WORKERS', 'all'],
  ['LOG_LEVEL', 'verbose'], ['LOG_LEVEL', 'INFO']
]

const secrets: Array<[variable: string, value: string, secret: string]> = [
  ['DATABASE_URL', 'mysql://root:hunter2-db-password@db/balancer', 'hunter2-db-password'],
  ['DATABASE_URL', 'hunter2-db-password', 'hunter2-db-password'],
  ['ADMIN_TOKEN', 'short-secret', 'short-secret'],
  ['ADMIN_TOKENS', 'nocolon-secret-0123456789', 'nocolon-secret-0123456789'],
  ['ADMIN_TOKENS', 'alice:short-secret', 'short-secret'],
  ['ADMIN_TOKENS', `alice:${TOKEN_A},bob:short-secret`, 'short-secret'],
  ['ADMIN_TOKENS', `alice:${TOKEN_A},no colon`, TOKEN_A],
  ['ADMIN_TOKENS', `bad name:${TOKEN_A}`, TOKEN_A],
  ['ADMIN_TOKENS', 'Zx9k2LmQ7vB4nR8tW1yE:alice', 'Zx9k2LmQ7vB4nR8tW1yE']
]

function configError (env: Record<string, string>): ConfigError {
  try {
    loadConfig(env)
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`)
    return error
  }
  assert.fail(`expected ${JSON.stringify(env)} to be refused`)
}

describe('loadConfig refusals', () => {
  for (const [variable, value] of refused) {
    it(`refuses ${variable}=${value} with an error naming ${variable}`, () => {
      const error = configError({ [variable]: value })
      assert.equal(error.variable, variable)
      assert.equal(error.name, 'ConfigError')
      assert.ok(error.message.startsWith(`${variable}: `), error.message)
    })
  }

  for (const [variable, value, secret] of secrets) {
    it(`refuses ${variable} without echoing its secret (${value.length} characters)`, () => {
      const error = configError({ [variable]: value })
      assert.equal(error.variable, variable)
      assert.ok(error.message.startsWith(`${variable}: `), error.message)
      assert.ok(!error.message.includes(secret), `the message leaks the secret: ${error.message}`)
    })
  }

  it('names the first bad variable when a valid one precedes it', () => {
    assert.equal(configError({ PORT: '8081', REDIRECT_STATUS: '200' }).variable, 'REDIRECT_STATUS')
  })
})

describe('operations configuration', () => {
  it('logs the configuration without the database password or the tokens', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://app:s3cret-pw@db:5432/balancer?sslpassword=x', ADMIN_TOKENS: 'alice:alice-token-0123456789' })
    const logged = JSON.stringify(loggableConfig(config))
    assert.doesNotMatch(logged, /s3cret-pw|alice-token/)
    assert.match(logged, /postgres:\/\/app:\*\*\*@db:5432\/balancer\?sslpassword=\*\*\*/)
    assert.match(logged, /"admins":\["alice"\]/)
  })

  it('refuses a drain as long as the whole shutdown bound, naming the variable', () => {
    assert.throws(() => loadConfig({ SHUTDOWN_TIMEOUT_MS: '2000', SHUTDOWN_DRAIN_MS: '2000' }),
      (error: unknown) => error instanceof ConfigError && error.variable === 'SHUTDOWN_DRAIN_MS')
    assert.equal(loadConfig({ SHUTDOWN_TIMEOUT_MS: '0', SHUTDOWN_DRAIN_MS: '0' }).shutdownDrainMs, 0)
  })

  it('reads LOG_REDIRECTS as a boolean and refuses anything else', () => {
    assert.equal(loadConfig({}).logRedirects, false)
    assert.equal(loadConfig({ LOG_REDIRECTS: 'true' }).logRedirects, true)
    assert.throws(() => loadConfig({ LOG_REDIRECTS: 'sometimes' }), /LOG_REDIRECTS/)
  })
})
