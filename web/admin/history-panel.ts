// "History": every version, newest first, with what it changed against the one before and a
// "Roll back" button (after a confirmation) on each earlier version.
import type { Api, HistoryEntry } from './api.js'
import { byId, h, say } from './dom.js'
import { describeChange, ratioText } from './format.js'

export interface HistoryPanel {
  load(): Promise<void>
}

/** etag: of the settings the user sees, so a rollback over a newer change is refused (412). */
export function historyPanel (api: Api, etag: () => string | undefined, onChanged: () => void): HistoryPanel {
  const rows = byId('history-rows', HTMLTableSectionElement)
  const message = byId('history-message', HTMLElement)

  const load = async () => {
    const result = await api.history()
    if (!result.ok) return say(message, `Could not read the history: ${result.problem.detail}`, 'error')
    const { versions } = result.value
    rows.replaceChildren(...versions.map((entry, i) => row(entry, versions[i + 1], i === 0)))
  }

  const rollBack = async (entry: HistoryEntry) => {
    const question = `Roll back to version ${entry.version}? CDN host ${entry.cdnHost} with ratio ${ratioText(entry.ratio)} becomes current again, as a new version.`
    if (!confirm(question)) return
    const result = await api.rollback(entry.version, etag())
    if (result.ok) say(message, `Rolled back to version ${entry.version}: now version ${result.value.version}.`, 'ok')
    else if (result.problem.status === 412) say(message, 'Someone else changed the settings meanwhile; the page now shows the current ones. Roll back again if still needed.', 'warning')
    else return say(message, `Roll back failed: ${result.problem.detail}`, 'error')
    onChanged()
  }

  const row = (entry: HistoryEntry, previous: HistoryEntry | undefined, current: boolean): HTMLTableRowElement => {
    const label = h('span', 'version', `v${entry.version}`)
    label.id = `history-version-${entry.version}`
    let action: HTMLElement = h('span', 'badge', 'Current')
    if (!current) {
      const button = h('button', 'button-small', 'Roll back')
      button.type = 'button'
      button.setAttribute('aria-describedby', label.id)
      button.addEventListener('click', () => { rollBack(entry) })
      action = button
    }
    return h('tr', current ? 'current' : undefined,
      cell('Version', label),
      cell('When', h('time', undefined, new Date(entry.createdAt).toLocaleString())),
      cell('By', entry.actor),
      cell('Settings', h('span', 'mono', entry.cdnHost), ` · ${ratioText(entry.ratio)}`),
      cell('Change', ...describeChange(entry, previous).map((line) => h('span', 'change', line))),
      cell('', action))
  }
  return { load }
}

/** A cell that names its column, for the phone layout where the table header is hidden. */
function cell (column: string, ...content: Array<Node | string>): HTMLTableCellElement {
  const td = h('td', undefined, h('div', undefined, ...content))
  if (column !== '') td.dataset.label = column
  return td
}
