// "Live traffic": polls /api/traffic about every second, keeps the last minutes of samples in
// memory and shows rates, totals, the observed split against the configured one, the store's
// state and the chart.
import type { Api, TrafficReport } from './api.js'
import { drawChart } from './chart.js'
import { byId, h, say } from './dom.js'
import { ageText, rateText, ratioText, splitText } from './format.js'
import { addSample, KEEP_MS, ratesOver, series, toSample, type Sample } from './traffic-model.js'

const POLL_MS = 1000

export interface TrafficPanel {
  start(): void
  stop(): void
}

/** onVersion hears the settings version the service runs, so other panels can follow a change made elsewhere. */
export function trafficPanel (api: Api, onVersion: (version: number) => void): TrafficPanel {
  const message = byId('traffic-message', HTMLElement)
  let samples: readonly Sample[] = []
  let timer: number | undefined
  let running = false

  const poll = async () => {
    const result = await api.traffic()
    if (!running) return
    if (result.ok) {
      samples = addSample(samples, toSample(result.value))
      say(message, '')
      render(result.value, samples)
      onVersion(result.value.settings.version)
    } else {
      say(message, `Live data unavailable: ${result.problem.detail}`, 'error')
    }
    timer = window.setTimeout(poll, POLL_MS)
  }

  return {
    start () {
      if (running) return
      running = true
      poll()
    },
    stop () {
      running = false
      window.clearTimeout(timer)
      samples = []
    }
  }
}

function render (report: TrafficReport, samples: readonly Sample[]): void {
  const now = samples.at(-1)
  const rates = ratesOver(samples, 5000)
  const minute = ratesOver(samples, 60_000)
  const { counts, settings, store } = report
  const rejectedTotal = now?.rejected ?? 0
  stat('stat-rate', rateText(rates === undefined ? undefined : rates.cdn + rates.origin), 'redirects per second, last 5 s')
  stat('stat-cdn', `${rateText(rates?.cdn)}/s`, `${counts.cdn.toLocaleString('en')} total`)
  stat('stat-origin', `${rateText(rates?.origin)}/s`, `${counts.origin.toLocaleString('en')} total`)
  stat('stat-split', minute === undefined || minute.cdn + minute.origin === 0 ? 'no traffic' : splitText(minute.cdn, minute.origin),
    `configured ${ratioText(settings.ratio)} (${splitText(settings.ratio.cdn, settings.ratio.origin)})`)
  stat('stat-rejected', `${rejectedTotal.toLocaleString('en')} total`, reasonsText(counts.rejected))
  const synced = store.lastSyncAt === null ? 'never synced' : `synced ${ageText(Date.parse(store.lastSyncAt), Date.parse(report.at))}`
  stat('stat-store', store.connected ? 'Connected' : 'Outage', store.connected ? synced : `${store.lastError ?? 'unreachable'}; ${synced}`)
  byId('stat-store', HTMLElement).dataset.tone = store.connected ? 'ok' : 'error'
  say(byId('store-pill', HTMLElement), store.connected ? 'Store connected' : 'Store outage: serving the last known settings', store.connected ? 'ok' : 'error')
  if (now !== undefined) {
    const top = drawChart(byId('traffic-chart', SVGSVGElement), series(samples), now.at, KEEP_MS)
    byId('chart-top', HTMLElement).textContent = `${top.toLocaleString('en')} req/s`
  }
}

function stat (id: string, value: string, detail: string): void {
  byId(id, HTMLElement).replaceChildren(h('span', 'stat-value', value), h('span', 'stat-detail', detail))
}

function reasonsText (rejected: Readonly<Record<string, number>>): string {
  const reasons = Object.entries(rejected).filter(([, n]) => n > 0).sort(([, a], [, b]) => b - a)
  return reasons.length === 0 ? 'none' : reasons.map(([reason, n]) => `${reason} ${n.toLocaleString('en')}`).join(', ')
}
