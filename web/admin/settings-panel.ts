// "Current settings" and "Change settings": shows the loaded version, saves the form with
// If-Match on its ETag, puts the API's validation messages next to their fields, asks before a
// ratio that sends everything one way, and on a conflict reloads the fresh values.
import type { Api, Problem, Settings, SettingsInput } from './api.js'
import { byId, say } from './dom.js'
import { fieldError, type Field } from './field-errors.js'
import { ratioText, splitText } from './format.js'

export interface SettingsPanel {
  /** Reads the settings; fills the form too unless the user is editing it. */
  load(options?: { readonly keepEdits?: boolean }): Promise<void>
  version(): number | undefined
  etag(): string | undefined
}

export function settingsPanel (api: Api, onChanged: () => void): SettingsPanel {
  const form = byId('settings-form', HTMLFormElement)
  const formMessage = byId('form-message', HTMLElement)
  const inputs = { cdnHost: byId('cdn-host', HTMLInputElement), cdnWeight: byId('cdn-weight', HTMLInputElement), originWeight: byId('origin-weight', HTMLInputElement) }
  const messages: Record<Field, HTMLElement> = {
    cdnHost: byId('cdn-host-message', HTMLElement),
    cdnWeight: byId('cdn-weight-message', HTMLElement),
    originWeight: byId('origin-weight-message', HTMLElement),
    ratio: byId('ratio-message', HTMLElement)
  }
  let loaded: { settings: Settings, etag: string | undefined } | undefined
  // The ETag of the version the form's values came from: a save is based on it, not on a newer
  // version loaded while the user was editing, so such a change is reported, not overwritten.
  let base: string | undefined
  let edited = false

  const show = (settings: Settings, etag: string | undefined, fill: boolean) => {
    loaded = { settings, etag }
    byId('current-host', HTMLElement).textContent = settings.cdnHost
    byId('current-ratio', HTMLElement).textContent = ratioText(settings.ratio)
    byId('current-split', HTMLElement).textContent = splitText(settings.ratio.cdn, settings.ratio.origin)
    byId('current-version', HTMLElement).textContent = String(settings.version)
    byId('current-updated', HTMLElement).textContent = `${new Date(settings.updatedAt).toLocaleString()} by ${settings.updatedBy}`
    if (!fill) return
    inputs.cdnHost.value = settings.cdnHost
    inputs.cdnWeight.value = String(settings.ratio.cdn)
    inputs.originWeight.value = String(settings.ratio.origin)
    base = etag
    edited = false
    preview()
  }

  const load: SettingsPanel['load'] = async (options = {}) => {
    const result = await api.settings()
    if (result.ok) show(result.value, result.etag, !(options.keepEdits === true && edited))
    else say(formMessage, `Could not read the settings: ${result.problem.detail}`, 'error')
  }

  const preview = () => {
    const { ratio } = read()
    const valid = Number.isInteger(ratio.cdn) && Number.isInteger(ratio.origin)
    byId('form-preview', HTMLElement).textContent = valid ? `Sends ${splitText(Number(ratio.cdn), Number(ratio.origin))}` : ''
  }

  // Weights go as typed (a number, or the text): the API's own validation explains a bad one.
  const weight = (input: HTMLInputElement): unknown => input.value.trim() === '' ? null : Number(input.value)
  const read = (): SettingsInput => ({ cdnHost: inputs.cdnHost.value.trim(), ratio: { cdn: weight(inputs.cdnWeight), origin: weight(inputs.originWeight) } })

  const clearErrors = () => {
    for (const message of Object.values(messages)) say(message, '')
    for (const input of Object.values(inputs)) input.removeAttribute('aria-invalid')
    say(formMessage, '')
  }

  const showProblem = (problem: Problem) => {
    const { field, message } = fieldError(problem)
    if (field === undefined) return say(formMessage, message, 'error')
    say(messages[field], message, 'error')
    const invalid = field === 'ratio' ? [inputs.cdnWeight, inputs.originWeight] : [inputs[field]]
    for (const input of invalid) input.setAttribute('aria-invalid', 'true')
    invalid[0]?.focus()
  }

  const save = async () => {
    clearErrors()
    const input = read()
    if (!confirmOneSided(input)) return
    const button = form.querySelector('button')
    button?.setAttribute('disabled', '')
    const result = await api.save(input, base)
    button?.removeAttribute('disabled')
    if (result.ok) {
      show(result.value, result.etag, true)
      say(formMessage, `Saved as version ${result.value.version}.`, 'ok')
    } else if (result.problem.status === 412) {
      await load()
      say(formMessage, `Someone else changed the settings meanwhile (now version ${loaded?.settings.version ?? '?'}). The form shows the current values: check them and save again.`, 'warning')
    } else {
      return showProblem(result.problem)
    }
    onChanged()
  }

  form.addEventListener('input', () => { edited = true; preview() })
  form.addEventListener('submit', (event) => { event.preventDefault(); save() })
  return { load, version: () => loaded?.settings.version, etag: () => loaded?.etag }
}

/** A ratio that sends every request one way is asked for again; anything else goes ahead. */
function confirmOneSided ({ ratio }: SettingsInput): boolean {
  const { cdn, origin } = ratio
  if (cdn === 0 && typeof origin === 'number' && origin > 0) return confirm(`Send ALL traffic to origin (ratio 0:${origin})? The CDN will get no requests.`)
  if (origin === 0 && typeof cdn === 'number' && cdn > 0) return confirm(`Send ALL traffic to the CDN (ratio ${cdn}:0)? No request will go straight to origin.`)
  return true
}
