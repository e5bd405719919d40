// platform/ is what every capability may use, so it may use none of them (docs/architecture: rules of
// the house). Read from the source, as an import of a type is a dependency all the same.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { PROJECT_ROOT } from '../platform/paths.ts'

const CAPABILITIES = ['app', 'protocol', 'ingest', 'gateways', 'users', 'registry', 'elevators', 'alerts', 'rescue', 'notify', 'live', 'cylinders', 'maintenance', 'inspection']
// Still importing capabilities while they move out in other branches (the typed bus to declaration
// merging, line protocol to the equipment kinds); drop each entry as its move lands.
const MOVING = new Set(['platform/events/bus.ts', 'platform/events/cluster-relay.ts', 'platform/influx/line-protocol.ts'])

function sourceFiles (dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sourceFiles(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [])
}

describe('platform/', () => {
  it('imports no capability', () => {
    const upward = new RegExp(`(?:from|import) '(?:\\.\\./)+(?:${CAPABILITIES.join('|')})/`)
    const offenders = sourceFiles(join(PROJECT_ROOT, 'platform'))
      .map((file) => relative(PROJECT_ROOT, file))
      .filter((file) => !MOVING.has(file) && upward.test(readFileSync(join(PROJECT_ROOT, file), 'utf8')))
    expect(offenders).toEqual([])
  })
})
