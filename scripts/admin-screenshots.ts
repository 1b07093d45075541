// Makes docs/admin-console.png (laptop) and docs/admin-console-phone.png: a real app with a few
// versions in its history and two minutes of varying traffic, in Debian's Chromium.
// Run: npx tsx scripts/admin-screenshots.ts
import { setTimeout as sleep } from 'node:timers/promises'
import { TOKEN } from '../test/helpers/app.js'
import { launchChromium, sendRedirects, startConsoleApp } from '../test/helpers/console.js'

const TRAFFIC_MS = Number(process.env.TRAFFIC_MS ?? 120_000)

const app = await startConsoleApp()
const browser = await launchChromium()
try {
  await app.t.store.update({ cdnHost: 'cdn-eu.example.net' }, { actor: 'alice' })
  await app.t.store.update({ ratio: { cdn: 4, origin: 1 } }, { actor: 'bob' })
  await app.t.live.refresh()
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await page.goto(`${app.base}/admin`)
  await page.getByLabel('Admin token').fill(TOKEN)
  await page.getByRole('button', { name: 'Sign in' }).click()

  // A load that swells and ebbs, with a few refused requests, so the chart has a shape.
  const start = Date.now()
  while (Date.now() - start < TRAFFIC_MS) {
    const phase = (Date.now() - start) / TRAFFIC_MS
    await sendRedirects(app.base, Math.round(20 + 25 * Math.sin(phase * Math.PI * 3) ** 2))
    if (Math.random() < 0.2) await fetch(`${app.base}/?video=http://elsewhere.example.com/a.m3u8`, { redirect: 'manual' })
    await sleep(200)
  }
  await page.screenshot({ path: 'docs/admin-console.png', fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await sleep(1500)
  await page.screenshot({ path: 'docs/admin-console-phone.png', fullPage: true })
} finally {
  await browser.close()
  await app.close()
}
