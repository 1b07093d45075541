// The benchmark's options: flags (--duration=10) win over environment variables (BENCH_DURATION=10).
// A bad value stops the run with the option's name, before anything is started.
import { parseArgs } from 'node:util'

export interface BenchOptions {
  /** Seconds of each measured saturation run (60 for the soak run). */
  readonly duration: number
  /** Saturation runs per server, alternating between them; the best of each is reported. */
  readonly rounds: number
  /** Seconds of unmeasured load before each server's first run, for the JIT. */
  readonly warmup: number
  /** Seconds of the fixed-rate run. */
  readonly rateDuration: number
  /** Requests per second of the fixed-rate run: the brief's 1000. */
  readonly rate: number
  readonly connections: number
  readonly pipelining: number
  /** Share of requests whose video URL is refused (0-1). */
  readonly invalid: number
  /** Number of origin servers (s1…sN) the valid video URLs are spread over. */
  readonly servers: number
  /** Passed to the service as WORKERS, when set. */
  readonly workers: string | undefined
  /** Only the service, one long saturation run: does RSS stay flat? */
  readonly soak: boolean
  /** Only the service's saturation run, under --cpu-prof, summarised afterwards. */
  readonly profile: boolean
}

const NUMBERS = {
  duration: { flag: 'duration', env: 'BENCH_DURATION', fallback: 10, min: 1, max: 600 },
  rounds: { flag: 'rounds', env: 'BENCH_ROUNDS', fallback: 1, min: 1, max: 100 },
  warmup: { flag: 'warmup', env: 'BENCH_WARMUP', fallback: 3, min: 0, max: 60 },
  rateDuration: { flag: 'rate-duration', env: 'BENCH_RATE_DURATION', fallback: 10, min: 1, max: 600 },
  rate: { flag: 'rate', env: 'BENCH_RATE', fallback: 1000, min: 1, max: 1_000_000 },
  connections: { flag: 'connections', env: 'BENCH_CONNECTIONS', fallback: 50, min: 1, max: 10_000 },
  pipelining: { flag: 'pipelining', env: 'BENCH_PIPELINING', fallback: 1, min: 1, max: 100 },
  invalid: { flag: 'invalid', env: 'BENCH_INVALID', fallback: 0, min: 0, max: 1 },
  servers: { flag: 'servers', env: 'BENCH_SERVERS', fallback: 4, min: 1, max: 1000 }
} as const

type NumberOption = keyof typeof NUMBERS

export function readOptions (argv: readonly string[], env: Readonly<Record<string, string | undefined>>): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      ...Object.fromEntries(Object.values(NUMBERS).map(({ flag }) => [flag, { type: 'string' as const }])),
      workers: { type: 'string' },
      soak: { type: 'boolean' },
      profile: { type: 'boolean' }
    },
    strict: true
  })
  const flag = (name: string): string | undefined => {
    const value: unknown = (values as Record<string, unknown>)[name]
    return typeof value === 'string' ? value : undefined
  }
  const number = (name: NumberOption): number => {
    const { flag: option, env: variable, fallback, min, max } = NUMBERS[name]
    const text = flag(option) ?? env[variable]
    if (text === undefined || text === '') return fallback
    const value = Number(text)
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(`--${option} (${variable}): "${text}" is not a number from ${min} to ${max}`)
    }
    return value
  }
  const soak = values.soak === true || env.BENCH_SOAK === '1'
  return {
    duration: soak && flag('duration') === undefined && env.BENCH_DURATION === undefined ? 60 : number('duration'),
    rounds: Math.round(number('rounds')),
    warmup: number('warmup'),
    rateDuration: number('rateDuration'),
    rate: number('rate'),
    connections: Math.round(number('connections')),
    pipelining: Math.round(number('pipelining')),
    invalid: number('invalid'),
    servers: Math.round(number('servers')),
    workers: flag('workers') ?? env.WORKERS,
    soak,
    profile: values.profile === true || env.BENCH_PROFILE === '1'
  }
}
