// Reads the deployment files as the tools do: the kustomization's resources (YAML), its
// generator env files, the compose files and .env.example. Paths are relative to the repository.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse, parseAllDocuments } from 'yaml'
import { loadConfig } from '../../src/config.js'

export const KUSTOMIZE_DIR = 'deploy/kubernetes'

export type Doc = Record<string, unknown>

export function readYaml (path: string): Doc {
  return parse(readFileSync(path, 'utf8')) as Doc
}

/** Every document of every resource file the kustomization lists. */
export function readResources (): Doc[] {
  const kustomization = readYaml(join(KUSTOMIZE_DIR, 'kustomization.yaml')) as { resources: string[] }
  return kustomization.resources.flatMap((file) =>
    parseAllDocuments(readFileSync(join(KUSTOMIZE_DIR, file), 'utf8')).map((doc) => doc.toJSON() as Doc))
}

/** KEY=VALUE lines, as kustomize's `envs` and docker compose's `env_file` read them. */
export function readEnvFile (path: string): Record<string, string> {
  const entries = readFileSync(path, 'utf8').split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=')
      if (at < 1) throw new Error(`${path}: "${line}" is not KEY=VALUE`)
      return [line.slice(0, at), line.slice(at + 1)]
    })
  return Object.fromEntries(entries)
}

/**
 * The names loadConfig reads, recorded by an env that watches every lookup; read once with
 * nothing set and once with `values`, in case a lookup ever depends on another value.
 */
export function variablesReadByLoadConfig (values: Record<string, string>): Set<string> {
  const read = new Set<string>()
  const recording = (source: Record<string, string>) => new Proxy(source, {
    get: (target, name) => {
      if (typeof name === 'string') read.add(name)
      return typeof name === 'string' ? target[name] : undefined
    }
  })
  loadConfig(recording({}))
  loadConfig(recording(values))
  return read
}
