// Pure wording of the console: ratios as c:o and percentages, ages, and what a version changed.
import type { HistoryEntry, Ratio } from './api.js'

export function ratioText (ratio: Ratio): string {
  return `${ratio.cdn}:${ratio.origin}`
}

/** "90% CDN · 10% origin"; shares under 10% keep one decimal so 999:1 does not read as 100:0. */
export function splitText (cdn: number, origin: number): string {
  const total = cdn + origin
  if (total === 0) return '—'
  return `${percent(cdn / total)} CDN · ${percent(origin / total)} origin`
}

export function percent (share: number): string {
  const value = share * 100
  if (value === 0 || value === 100) return `${value}%`
  return value < 10 || value > 90 ? `${value.toFixed(1)}%` : `${Math.round(value)}%`
}

/** "just now", "42 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function ageText (fromMs: number, nowMs: number): string {
  const seconds = Math.max(0, Math.round((nowMs - fromMs) / 1000))
  if (seconds < 2) return 'just now'
  if (seconds < 60) return `${seconds} s ago`
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`
  return `${Math.floor(seconds / 86400)} d ago`
}

export function rateText (perSecond: number | undefined): string {
  if (perSecond === undefined) return '—'
  return perSecond >= 100 ? Math.round(perSecond).toLocaleString('en') : perSecond.toFixed(1)
}

/** What a version changed against the one before it (the next older entry), one line per change. */
export function describeChange (entry: HistoryEntry, previous: HistoryEntry | undefined): string[] {
  if (entry.action === 'init' || previous === undefined) return [`initial: ${entry.cdnHost}, ${ratioText(entry.ratio)}`]
  const lines = entry.action === 'rollback' && entry.sourceVersion !== null ? [`rolled back to version ${entry.sourceVersion}`] : []
  if (entry.cdnHost !== previous.cdnHost) lines.push(`CDN host ${previous.cdnHost} → ${entry.cdnHost}`)
  if (entry.ratio.cdn !== previous.ratio.cdn || entry.ratio.origin !== previous.ratio.origin) {
    lines.push(`ratio ${ratioText(previous.ratio)} → ${ratioText(entry.ratio)}`)
  }
  return lines.length > 0 ? lines : ['no change']
}
