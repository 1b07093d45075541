// The Kubernetes manifests: valid against the Kubernetes OpenAPI schemas (kubernetes-models, offline),
// and consistent with the service itself: every variable is one loadConfig reads, the values pass it,
// the ports agree, the probes hit routes that answer 200, and the grace period outlasts the shutdown.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { Deployment, type IDeployment } from 'kubernetes-models/apps/v1'
import { HorizontalPodAutoscaler, type IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2'
import { PodDisruptionBudget, type IPodDisruptionBudget } from 'kubernetes-models/policy/v1'
import { ConfigMap, Secret, Service, type IService } from 'kubernetes-models/v1'
import { loadConfig } from '../../src/config.js'
import { buildTestApp, type TestApp } from '../helpers/app.js'
import { KUSTOMIZE_DIR, readEnvFile, readResources, variablesReadByLoadConfig, type Doc } from './manifests.js'

const resources = readResources()
const configEnv = readEnvFile(join(KUSTOMIZE_DIR, 'config.env'))
const secretEnv = readEnvFile(join(KUSTOMIZE_DIR, 'secrets.env.example'))

function only<T> (kind: string, make: (doc: Doc) => T): T {
  const docs = resources.filter((doc) => doc.kind === kind)
  assert.equal(docs.length, 1, `one ${kind}`)
  return make(docs[0] ?? {})
}

const deployment = only('Deployment', (doc) => new Deployment(doc as unknown as IDeployment))
const service = only('Service', (doc) => new Service(doc as unknown as IService))
const container = deployment.spec?.template.spec?.containers[0] ?? assert.fail('the Deployment has a container')

describe('Kubernetes manifests', () => {
  let test: TestApp

  before(async () => { test = await buildTestApp({ env: configEnv }) })
  after(async () => { await test.close() })

  it('are valid against the Kubernetes schemas', () => {
    assert.deepEqual(resources.map((doc) => doc.kind).sort(), ['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service'])
    deployment.validate()
    service.validate()
    only('HorizontalPodAutoscaler', (doc) => new HorizontalPodAutoscaler(doc as unknown as IHorizontalPodAutoscaler)).validate()
    only('PodDisruptionBudget', (doc) => new PodDisruptionBudget(doc as unknown as IPodDisruptionBudget)).validate()
    new ConfigMap({ metadata: { name: 'balancer-config' }, data: configEnv }).validate()
    new Secret({ metadata: { name: 'balancer-secrets' }, stringData: secretEnv }).validate()
  })

  it('are checked by a validator that rejects a broken manifest', () => {
    const broken = structuredClone(deployment.toJSON()) as unknown as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } }
    const first = broken.spec.template.spec.containers[0] ?? assert.fail('a container')
    first.ports = [{ containerPort: 'http' }]
    assert.throws(() => new Deployment(broken as unknown as IDeployment).validate())
  })

  it('set only variables the service reads, with values it accepts', () => {
    const values = { ...configEnv, ...secretEnv }
    const known = variablesReadByLoadConfig(values)
    const named = [...Object.keys(values), ...(container.env ?? []).map((entry) => entry.name)]
    assert.deepEqual(named.filter((name) => !known.has(name)), [])
    assert.doesNotThrow(() => loadConfig(values))
  })

  it('expose the port the service listens on, through the Service', () => {
    const port = container.ports?.find((entry) => entry.name === 'http') ?? assert.fail('a port named http')
    assert.equal(port.containerPort, loadConfig(configEnv).port)
    assert.deepEqual(service.spec?.ports?.map((entry) => entry.targetPort), ['http'])
    assert.deepEqual(service.spec?.selector, deployment.spec?.selector.matchLabels)
  })

  it('probe routes that answer 200 on the port named http', async () => {
    const probes = [container.readinessProbe, container.livenessProbe, container.startupProbe]
    assert.deepEqual(probes.map((probe) => probe?.httpGet?.path), ['/health/ready', '/health/live', '/health/live'])
    for (const probe of probes) {
      assert.equal(probe?.httpGet?.port, 'http')
      const response = await test.app.inject({ url: probe?.httpGet?.path ?? '' })
      assert.equal(response.statusCode, 200, probe?.httpGet?.path)
    }
  })

  it('give the service longer than the preStop delay and its own shutdown bound before SIGKILL', () => {
    const command = container.lifecycle?.preStop?.exec?.command ?? []
    assert.equal(command[0], 'sleep')
    const preStopMs = Number(command[1]) * 1000
    const graceMs = (deployment.spec?.template.spec?.terminationGracePeriodSeconds ?? 30) * 1000
    assert.ok(graceMs > preStopMs + loadConfig(configEnv).shutdownTimeoutMs, `${graceMs} ms grace`)
  })

  it('run as non-root on a read-only root filesystem, with DATA_DIR on a writable emptyDir', () => {
    const pod = deployment.spec?.template.spec
    assert.equal(pod?.securityContext?.runAsNonRoot, true)
    assert.equal(container.securityContext?.readOnlyRootFilesystem, true)
    assert.ok(container.resources?.requests !== undefined && container.resources.limits !== undefined)
    const mount = container.volumeMounts?.find((entry) => entry.mountPath === configEnv.DATA_DIR) ?? assert.fail('DATA_DIR is mounted')
    assert.ok(pod?.volumes?.find((volume) => volume.name === mount.name)?.emptyDir !== undefined)
  })
})
