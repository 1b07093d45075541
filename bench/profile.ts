// Summarises a .cpuprofile (from `node --cpu-prof`) as self time per function, largest first.
// Run by `npm run bench -- --profile`, or alone: `tsx bench/profile.ts <file.cpuprofile> [rows]`.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

interface ProfileNode {
  readonly id: number
  readonly callFrame: { readonly functionName: string, readonly url: string, readonly lineNumber: number }
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export function summariseProfile (file: string, rows = 30): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  const names = new Map(profile.nodes.map((node) => [node.id, describe(node)]))
  const selfUs = new Map<string, number>()
  let totalUs = 0
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0
    const name = names.get(id) ?? '?'
    selfUs.set(name, (selfUs.get(name) ?? 0) + delta)
    totalUs += delta
  })
  const top = [...selfUs].sort((a, b) => b[1] - a[1]).slice(0, rows)
  return [
    `self time of ${(totalUs / 1e6).toFixed(1)} s sampled in ${file}`,
    ...top.map(([name, us]) => `${(100 * us / totalUs).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`)
  ].join('\n')
}

function describe ({ callFrame }: ProfileNode): string {
  const at = callFrame.url.lastIndexOf('/node_modules/')
  const file = at === -1 ? callFrame.url.replace(/^.*\/(dist|src|bench)\//, '$1/') : callFrame.url.slice(at + 1)
  const where = file === '' ? '' : ` ${file}:${callFrame.lineNumber + 1}`
  return `${callFrame.functionName === '' ? '(anonymous)' : callFrame.functionName}${where}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2]
  if (file === undefined) throw new Error('usage: tsx bench/profile.ts <file.cpuprofile> [rows]')
  console.log(summariseProfile(file, Number(process.argv[3] ?? 30)))
}
