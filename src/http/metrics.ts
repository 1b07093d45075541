// GET /metrics in Prometheus text format, from a registry made per app (never prom-client's
// global one). Everything the hot path produces is a plain number (Traffic, Durations); it is read
// here at scrape time, so serving a redirect pays nothing for Prometheus.
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Aggregator, type Metric, type Registry } from 'prom-client'
import type { FastifyInstance } from 'fastify'
import type { Traffic } from '../metrics/traffic.js'
import { DURATION_BUCKETS, type DurationCounts, type Durations } from '../metrics/durations.js'
import type { LiveSettings } from '../settings/live.js'

export interface MetricsDeps {
  readonly registry: Registry
  readonly traffic: Pick<Traffic, 'counts'>
  readonly live: LiveSettings
  /** Durations by route label: "redirect" for the fast path, "api" for everything else. */
  readonly durations: Readonly<Record<string, Durations>>
  readonly now?: () => number
}

export function registerMetrics (deps: MetricsDeps): void {
  const { registry, traffic, live } = deps
  const now = deps.now ?? Date.now
  collectDefaultMetrics({ register: registry })
  // registers: [] everywhere: prom-client's default is its global registry.
  const metrics: Metric[] = [
    new Counter({
      name: 'balancer_redirects_total',
      help: 'Redirects answered, by target',
      labelNames: ['target'],
      registers: [],
      collect () {
        const counts = traffic.counts()
        this.reset()
        this.inc({ target: 'cdn' }, counts.cdn)
        this.inc({ target: 'origin' }, counts.origin)
      }
    }),
    new Counter({
      name: 'balancer_rejected_total',
      help: 'Redirect requests refused with 400, by reason',
      labelNames: ['reason'],
      registers: [],
      collect () {
        this.reset()
        for (const [reason, count] of Object.entries(traffic.counts().rejected)) this.inc({ reason }, count ?? 0)
      }
    }),
    new CountedHistogram(deps.durations),
    // Aggregators say how a cluster combines its workers' values; counters are summed.
    gauge('balancer_settings_version', 'Version of the settings this instance serves', 'max', () => live.current().settings.version),
    new Gauge({
      name: 'balancer_settings_ratio',
      help: 'Configured weight of each target (the cdn:origin ratio)',
      labelNames: ['target'],
      registers: [],
      aggregator: 'max',
      collect () {
        const { ratio } = live.current().settings
        this.set({ target: 'cdn' }, ratio.cdn)
        this.set({ target: 'origin' }, ratio.origin)
      }
    }),
    gauge('balancer_store_connected', '1 while the last read of the settings store succeeded, else 0', 'min', () => live.status().connected ? 1 : 0),
    gauge('balancer_settings_sync_age_seconds', 'Seconds since the settings were last read from the store (-1: never)', 'max', () => {
      const last = live.status().lastSyncAt
      return last === undefined ? -1 : (now() - last.getTime()) / 1000
    })
  ]
  for (const metric of metrics) registry.registerMetric(metric)
}

function gauge (name: string, help: string, aggregator: Aggregator, read: () => number): Gauge {
  return new Gauge({ name, help, registers: [], aggregator, collect () { this.set(read()) } })
}

/** Serves what `render` produces: this process's registry, or a cluster's aggregate of its workers'. */
export function metricsRoute (render: () => Promise<string>, contentType: string) {
  return async function routes (app: FastifyInstance): Promise<void> {
    app.get('/metrics', {
      schema: { summary: 'Prometheus metrics', tags: ['operations'], produces: ['text/plain'], response: { 200: { type: 'string', description: 'Prometheus text format 0.0.4' } } }
    }, async (_request, reply) => {
      reply.type(contentType).header('cache-control', 'no-store')
      return await render()
    })
  }
}

const HISTOGRAM = { name: 'balancer_request_duration_seconds', help: 'Time to answer a request, by route (redirect or api)' }

/** A histogram whose buckets are counted elsewhere (Durations); it only renders them. */
class CountedHistogram extends Histogram<'route'> {
  constructor (private readonly durations: Readonly<Record<string, Durations>>) {
    super({ ...HISTOGRAM, labelNames: ['route'], buckets: [...DURATION_BUCKETS], registers: [] })
  }

  // prom-client renders a histogram from this method, and its get() (read by cluster aggregation)
  // goes through it too: replacing it is all it takes.
  async getForPromString () {
    const values = Object.entries(this.durations).flatMap(([route, durations]) => histogramValues(route, durations.counts()))
    return { name: HISTOGRAM.name, help: HISTOGRAM.help, type: 'histogram', values, aggregator: 'sum' }
  }
}

function histogramValues (route: string, counts: DurationCounts) {
  // The shape prom-client's own histograms produce: bucket bounds in labels, the rest in sharedLabels.
  const sharedLabels = { route }
  const bucket = `${HISTOGRAM.name}_bucket`
  let cumulative = 0
  const buckets = DURATION_BUCKETS.map((bound, i) => {
    cumulative += counts.buckets[i] ?? 0
    return { labels: { le: bound }, sharedLabels, value: cumulative, metricName: bucket }
  })
  return [
    ...buckets,
    { labels: { le: '+Inf' }, sharedLabels, value: counts.count, metricName: bucket },
    { labels: {}, sharedLabels, value: counts.sum, metricName: `${HISTOGRAM.name}_sum` },
    { labels: {}, sharedLabels, value: counts.count, metricName: `${HISTOGRAM.name}_count` }
  ]
}
