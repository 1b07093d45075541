// The admin console in headless Chromium against a real app: sign-in, settings changes that the
// very next redirect follows, validation messages beside their fields, live counters, a conflict,
// and a roll-back. Skipped, with the reason, where Debian's chromium is not installed.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type { Browser, Page } from 'playwright-core'
import { TOKEN } from '../helpers/app.js'
import { launchChromium, noChromium, sendRedirects, startConsoleApp, type ConsoleApp } from '../helpers/console.js'

describe('admin console in Chromium', { skip: noChromium }, () => {
  let app: ConsoleApp
  let browser: Browser
  let page: Page
  const dialogs: string[] = []
  const outside: string[] = []
  const problems: string[] = []

  before(async () => {
    app = await startConsoleApp()
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.setDefaultTimeout(15_000)
    page.on('request', (request) => { if (!request.url().startsWith(app.base)) outside.push(request.url()) })
    page.on('console', (message) => { if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) problems.push(message.text()) })
    page.on('pageerror', (error) => { problems.push(error.message) })
  })
  after(async () => {
    await browser?.close()
    await app?.close()
  })

  /** Answers the next confirm() with accept or dismiss, and records its question. */
  const nextDialog = (accept: boolean) => page.once('dialog', (dialog) => {
    dialogs.push(dialog.message())
    accept ? dialog.accept() : dialog.dismiss()
  })
  const text = async (selector: string) => (await page.locator(selector).textContent()) ?? ''
  const waitForText = async (selector: string, expected: string | RegExp) => await page.locator(selector).filter({ hasText: expected }).waitFor()
  const fillForm = async (cdnHost: string, cdnWeight: string, originWeight: string) => {
    await page.getByLabel('CDN host').fill(cdnHost)
    await page.getByLabel('CDN weight').fill(cdnWeight)
    await page.getByLabel('Origin weight').fill(originWeight)
  }

  it('says a wrong token is wrong, then signs in with the right one from the keyboard', async () => {
    await page.goto(`${app.base}/admin`)
    await page.getByLabel('Admin token').fill('not-the-token')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await waitForText('#sign-in-message', 'Wrong token')
    assert.equal(await page.locator('#console').isHidden(), true)

    await page.getByLabel('Admin token').fill(TOKEN)
    await page.keyboard.press('Enter')
    await waitForText('#current-host', 'cdn.example.com')
    assert.equal(await text('#current-ratio'), '9:1')
    assert.equal(await text('#current-split'), '90% CDN · 10% origin')
    assert.equal(await page.evaluate('sessionStorage.getItem("balancer-admin-token")'), TOKEN)
    assert.equal(await page.getByLabel('CDN host').inputValue(), 'cdn.example.com')
  })

  it('shows the API validation message next to the field and changes nothing', async () => {
    await fillForm('http://cdn.example.com/x', '9', '1')
    await page.getByRole('button', { name: 'Save' }).click()
    await waitForText('#cdn-host-message', 'bare host name')
    assert.equal(await page.getByLabel('CDN host').getAttribute('aria-invalid'), 'true')

    await fillForm('cdn.example.com', '2000000', '1')
    await page.getByRole('button', { name: 'Save' }).click()
    await waitForText('#cdn-weight-message', 'must be <= 1000000')
    assert.equal(await page.locator('#cdn-host-message').isHidden(), true)
    assert.equal((await app.t.store.read()).version, 1)
  })

  it('asks before sending everything to one side, and saves nothing when told no', async () => {
    await fillForm('cdn2.example.net', '1', '0')
    nextDialog(false)
    await page.getByRole('button', { name: 'Save' }).click()
    assert.match(dialogs.at(-1) ?? '', /ALL traffic to the CDN \(ratio 1:0\)/)
    assert.equal((await app.t.store.read()).version, 1)
  })

  it('saves new settings with If-Match, and the next redirect goes to the new CDN host', async () => {
    await fillForm('cdn2.example.net', '1', '0')
    nextDialog(true)
    await page.getByRole('button', { name: 'Save' }).click()
    await waitForText('#form-message', 'Saved as version 2')
    assert.equal(await text('#current-host'), 'cdn2.example.net')
    assert.equal(await text('#current-split'), '100% CDN · 0% origin')
    const [location] = await sendRedirects(app.base, 1)
    assert.equal(location, 'http://cdn2.example.net/s1/video/0/index.m3u8')
    await waitForText('#history-rows tr:first-child', 'CDN host cdn.example.com → cdn2.example.net')
  })

  it('shows the live counters and the chart move while requests are sent', async () => {
    await sendRedirects(app.base, 30)
    await fetch(`${app.base}/?video=http://evil.example.com/x`, { redirect: 'manual' })
    const { cdn } = app.traffic.counts()
    await waitForText('#stat-cdn', `${cdn} total`)
    await waitForText('#stat-rejected', 'bad-host 1')
    await waitForText('#stat-rate .stat-value', /[1-9]/)
    assert.match(await text('#stat-split'), /100% CDN · 0% origin/)
    assert.match(await text('#stat-store'), /Connected/)
    // The chart needs two samples to draw an area: one poll after the burst at the latest.
    await page.locator('#traffic-chart path.area-cdn').waitFor({ state: 'attached' })
  })

  it('shows a conflict when someone else saved meanwhile, and reloads the fresh values', async () => {
    await page.getByLabel('CDN host').fill('mine.example.net')
    await app.t.store.update({ cdnHost: 'theirs.example.net' }, { actor: 'bob' })
    await waitForText('#current-version', '3')
    assert.equal(await page.getByLabel('CDN host').inputValue(), 'mine.example.net')
    nextDialog(true) // the form still holds 1:0
    await page.getByRole('button', { name: 'Save' }).click()
    await waitForText('#form-message', 'Someone else changed the settings meanwhile (now version 3)')
    assert.equal(await page.getByLabel('CDN host').inputValue(), 'theirs.example.net')
    assert.equal((await app.t.store.read()).cdnHost, 'theirs.example.net')
  })

  it('rolls back to an earlier version after a confirmation', async () => {
    const row = page.locator('#history-rows tr', { has: page.locator('#history-version-1') })
    nextDialog(true)
    await row.getByRole('button', { name: 'Roll back' }).click()
    await waitForText('#history-message', 'Rolled back to version 1: now version 4')
    assert.match(dialogs.at(-1) ?? '', /Roll back to version 1\?/)
    await waitForText('#current-host', 'cdn.example.com')
    assert.equal(await text('#current-ratio'), '9:1')
    const [location] = await sendRedirects(app.base, 1)
    assert.match(location ?? '', /^http:\/\/(cdn\.example\.com\/s1|s1\.origin-cluster)\//)
    await waitForText('#history-rows tr:first-child', 'rolled back to version 1')
  })

  it('loaded nothing from outside and broke no Content-Security-Policy rule', () => {
    assert.deepEqual(outside, [])
    assert.deepEqual(problems, [])
  })
})
