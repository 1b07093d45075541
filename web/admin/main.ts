// The admin console's entry: sign-in (the token lives in sessionStorage only, for this tab) and
// wiring the panels together once signed in.
import { createApi } from './api.js'
import { byId, say } from './dom.js'
import { historyPanel } from './history-panel.js'
import { settingsPanel } from './settings-panel.js'
import { trafficPanel } from './traffic-panel.js'

const TOKEN_KEY = 'balancer-admin-token'

const signIn = byId('sign-in', HTMLElement)
const signInForm = byId('sign-in-form', HTMLFormElement)
const signInMessage = byId('sign-in-message', HTMLElement)
const tokenInput = byId('token', HTMLInputElement)
const consoleView = byId('console', HTMLElement)
const signOut = byId('sign-out', HTMLButtonElement)

const api = createApi(() => sessionStorage.getItem(TOKEN_KEY) ?? '', () => leave('The token is no longer accepted: sign in again.'))
const refresh = () => { settings.load({ keepEdits: true }); history.load() }
const settings = settingsPanel(api, () => { history.load() })
const history = historyPanel(api, () => settings.etag(), refresh)
const traffic = trafficPanel(api, (version) => {
  // A change made elsewhere (another admin, another instance) shows up here within a second.
  const shown = settings.version()
  if (shown !== undefined && version > shown) refresh()
})

function enter (): void {
  signIn.hidden = true
  consoleView.hidden = false
  signOut.hidden = false
  settings.load()
  history.load()
  traffic.start()
}

function leave (reason: string): void {
  sessionStorage.removeItem(TOKEN_KEY)
  traffic.stop()
  consoleView.hidden = true
  signOut.hidden = true
  say(byId('store-pill', HTMLElement), '')
  signIn.hidden = false
  tokenInput.value = ''
  say(signInMessage, reason, 'info')
  tokenInput.focus()
}

signInForm.addEventListener('submit', (event) => {
  event.preventDefault()
  const token = tokenInput.value.trim()
  if (token === '') return say(signInMessage, 'Enter the admin token.', 'error')
  // The token is checked with a read of the settings before it is kept.
  createApi(() => token).settings().then((result) => {
    if (result.ok) {
      sessionStorage.setItem(TOKEN_KEY, token)
      say(signInMessage, '')
      enter()
    } else {
      say(signInMessage, result.problem.status === 401 ? 'Wrong token: the service did not accept it.' : `Cannot sign in: ${result.problem.detail}`, 'error')
      tokenInput.setAttribute('aria-invalid', 'true')
      tokenInput.select()
    }
  })
})

signOut.addEventListener('click', () => leave('Signed out.'))

if (sessionStorage.getItem(TOKEN_KEY) !== null) enter()
else tokenInput.focus()
