// The operations variables of the config loader, and the configuration as it is logged.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, loadConfig, loggableConfig } from '../../src/config.js'

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
