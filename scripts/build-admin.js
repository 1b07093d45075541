// Builds the admin console into one directory: web/admin/main.ts bundled by esbuild, with
// index.html, the stylesheet and the icon beside it. `node scripts/build-admin.js [outDir]`
// (default dist/public/admin, where the service looks for it); the browser tests build into a
// directory of their own.
import { copyFileSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'

const outDir = process.argv[2] ?? 'dist/public/admin'
mkdirSync(outDir, { recursive: true })
await build({
  entryPoints: ['web/admin/main.ts'],
  outfile: join(outDir, 'main.js'),
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning'
})
for (const file of ['index.html', 'style.css', 'icon.svg']) copyFileSync(join('web/admin', file), join(outDir, file))
