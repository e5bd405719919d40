// The rules of the house (README, "Architecture"), checked on the import
// graph of every TypeScript and Vue source (test/support/import-graph.ts says what counts as an import;
// type-only imports count everywhere, except where a rule below says otherwise). Fast: no servers, no
// compiler, the sources are read and tokenized.
//
// Folders. `app/` is the composition root. `platform/` is what every capability may use. Capabilities:
// protocol, ingest, gateways, users, registry, elevators, alerts, rescue, notify, live, audit, and the ones to
// come: cylinders, maintenance, inspection. Equipment kinds: elevators, cylinders. The dashboard:
// dashboard/src. Server files: app/, platform/ and the capability folders.
//
// Pure. A server file is pure when every one of its imports is
//   - type-only (`import type`, `export type … from`, `declare module`, `import('…')` in a type), or
//   - the package `typebox` (any of its subpaths), or
//   - a project file that is itself pure (the largest such set: files importing each other stay pure).
// So a pure file loads no Node built-in, no other package and nothing that does, and the dashboard and the
// simulators can load it. (`import { type A } from 'x'` still loads x: write `import type`.)
//
// The rules, each failure naming the file, the line and the import:
//   1. platform/ imports no capability folder and not app/.
//   2. No capability imports app/.
//   3. ingest/ knows no equipment kind: besides itself it imports only protocol/ and platform/, plus
//      gateways/ type-only. The broker's authenticate and authorize hooks call the gateway sessions (auth,
//      ACL), which app/service.ts builds and hands in; ingest needs their type, never their code. Payload
//      schemas, line protocol and latest state reach ingest through the kind it dispatches to, registered
//      in app/, never by import — not even type-only.
//   4. protocol/ (the gateway protocol v1, shared with the simulators and the docs) imports only itself,
//      pure platform/ files and typebox at run time; anything else only type-only, from a package or from
//      platform/ (the shape of an equipment kind names the database and metrics handles a kind is given).
//      Hence every protocol/ file loads nothing with I/O.
//   5. dashboard/src imports only pure server files (type-only imports included: the browser's type check
//      must not pull in the server's).
//
// The self-test feeds the checker a small fake tree with one breach of each rule, so this file can fail.
import { describe, expect, it } from 'vitest'
import { buildImportGraph, readImportGraph, repoRoot, type ImportEdge, type ImportGraph } from './support/import-graph.ts'

const CAPABILITIES = ['protocol', 'ingest', 'gateways', 'users', 'registry', 'elevators', 'alerts', 'rescue', 'notify', 'live', 'audit',
  'cylinders', 'maintenance', 'inspection']
const KINDS = ['elevators', 'cylinders']
const SERVER = ['app', 'platform', ...CAPABILITIES]

/** 'alerts' for alerts/engine.ts, 'dashboard' for dashboard/src/…, else the first folder ('bench', 'test', …). */
function areaOf (file: string): string {
  if (file.startsWith('dashboard/src/')) return 'dashboard'
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : ''
}
const isServer = (file: string) => SERVER.includes(areaOf(file))

/** The pure files of the graph: start from every file, drop those with a disqualifying import until none is left. */
function pureFiles (graph: ImportGraph): Set<string> {
  const pure = new Set(graph.keys())
  const allowed = (e: ImportEdge) => e.typeOnly || (e.local ? pure.has(e.target) : e.target === 'typebox')
  for (let changed = true; changed;) {
    changed = false
    for (const file of pure) {
      if (!graph.get(file)!.every(allowed)) { pure.delete(file); changed = true }
    }
  }
  return pure
}

/** One line per breach: `file:line imports 'specifier' — rule`. */
function checkHouse (graph: ImportGraph): string[] {
  const pure = pureFiles(graph)
  const found: string[] = []
  for (const [file, edges] of graph) {
    const from = areaOf(file)
    for (const e of edges) {
      const to = e.local ? areaOf(e.target) : null
      const breach = (rule: string) => found.push(`${file}:${e.line} imports '${e.specifier}'${e.typeOnly ? ' (type-only)' : ''} — ${rule}`)
      if (from === 'platform' && to !== null && (to === 'app' || CAPABILITIES.includes(to))) {
        breach(`platform/ imports no capability or app/ (${to}/)`)
      }
      if (CAPABILITIES.includes(from) && to === 'app') breach('a capability never imports app/')
      if (from === 'ingest' && to !== null && !['ingest', 'protocol', 'platform'].includes(to) && !(to === 'gateways' && e.typeOnly)) {
        breach(KINDS.includes(to) ? `ingest/ knows no equipment kind (${to}/)` : `ingest/ imports only protocol/, platform/ and gateways/ type-only (${to}/)`)
      }
      if (from === 'protocol') {
        const ok = e.local
          ? to === 'protocol' || (to === 'platform' && (pure.has(e.target) || e.typeOnly))
          : e.target === 'typebox' || e.typeOnly
        if (!ok) breach(e.local && to === 'platform' ? 'protocol/ imports only pure platform/ files' : 'protocol/ imports only itself, pure platform/ files and typebox')
      }
      if (from === 'dashboard' && e.local && isServer(e.target) && !pure.has(e.target)) {
        breach(`the dashboard imports only pure server files (${e.target} is not pure${graph.has(e.target) ? `: ${whyImpure(graph, pure, e.target)}` : ', not found'})`)
      }
    }
  }
  return found
}

/** The first chain of runtime imports from `file` to what makes it impure: 'alerts/rules.ts → node:fs'. */
function whyImpure (graph: ImportGraph, pure: Set<string>, file: string, seen = new Set<string>()): string {
  seen.add(file)
  for (const e of graph.get(file) ?? []) {
    if (e.typeOnly || (e.local ? pure.has(e.target) : e.target === 'typebox')) continue
    if (!e.local || !graph.has(e.target)) return `${file} → ${e.target}`
    if (!seen.has(e.target)) return `${file} → ${whyImpure(graph, pure, e.target, seen)}`
  }
  return file
}

describe('the house checker (self-test)', () => {
  const fake = buildImportGraph(new Map([
    ['platform/config.ts', "import { readFileSync } from 'node:fs'\nexport const a = 1"],
    ['platform/messages/key.ts', "import { Type } from 'typebox'\nexport type { Rule } from '../../alerts/rules.ts'"],
    ['platform/events/bus.ts', "// import x from '../../alerts/engine.ts' is only a comment\nconst s = \"import y from '../../app/service.ts'\", t = `import z from '../../app/service.ts' ${s}`, re = /'/\nexport const load = () => import('../../app/service.ts')"],
    ['alerts/rules.ts', "import type { Key } from '../platform/messages/key.ts'\nimport { Type } from 'typebox/type'\nexport const r = 1"],
    ['alerts/engine.ts', "import { r } from './rules.ts'\nimport { config } from '../platform/config.ts'\ndeclare module '../app/service.ts' {}"],
    ['ingest/ingest.ts', "import type { GatewaySession } from '../gateways/sessions.ts'\nimport { isKnownEventCode } from '../elevators/codes.ts'\nimport { a } from '../alerts/rules.ts'\nimport { topicFor } from '../protocol/topics.ts'"],
    ['ingest/broker.ts', "import { createSessions } from '../gateways/sessions.ts'\nimport { Aedes } from 'aedes'"],
    ['gateways/sessions.ts', "import { randomBytes } from 'node:crypto'"],
    ['elevators/codes.ts', 'export const codes = []'],
    ['protocol/topics.ts', "import { Type } from 'typebox'\nimport { key } from '../platform/messages/key.ts'\nimport { config } from '../platform/config.ts'\nimport mqtt from 'mqtt'\nimport type { Client } from 'aedes'"],
    ['app/service.ts', "import { engine } from '../alerts/engine.ts'"],
    ['dashboard/src/pages/alerts.vue', "<template><p>import z from '../../../alerts/engine.ts'</p></template>\n<script setup lang=\"ts\">\nimport { r } from '../../../alerts/rules.ts'\nimport { engine } from '../../../alerts/engine.ts'\n</script>"],
    ['dashboard/src/lib/codes.ts', "import { type Codes } from '../../../elevators/codes.ts'\nexport * from '../../../gateways/sessions.ts'"]
  ]))

  it('finds the pure files', () => {
    expect([...pureFiles(fake)].sort()).toEqual(['alerts/rules.ts', 'elevators/codes.ts', 'platform/messages/key.ts'])
  })

  it('reports one line per breach, and nothing for comments, strings, regular expressions or Vue templates', () => {
    expect(checkHouse(fake)).toEqual([
      "platform/messages/key.ts:2 imports '../../alerts/rules.ts' (type-only) — platform/ imports no capability or app/ (alerts/)",
      "platform/events/bus.ts:3 imports '../../app/service.ts' — platform/ imports no capability or app/ (app/)",
      "alerts/engine.ts:3 imports '../app/service.ts' (type-only) — a capability never imports app/",
      "ingest/ingest.ts:2 imports '../elevators/codes.ts' — ingest/ knows no equipment kind (elevators/)",
      "ingest/ingest.ts:3 imports '../alerts/rules.ts' — ingest/ imports only protocol/, platform/ and gateways/ type-only (alerts/)",
      "ingest/broker.ts:1 imports '../gateways/sessions.ts' — ingest/ imports only protocol/, platform/ and gateways/ type-only (gateways/)",
      "protocol/topics.ts:3 imports '../platform/config.ts' — protocol/ imports only pure platform/ files",
      "protocol/topics.ts:4 imports 'mqtt' — protocol/ imports only itself, pure platform/ files and typebox",
      "dashboard/src/pages/alerts.vue:4 imports '../../../alerts/engine.ts' — the dashboard imports only pure server files (alerts/engine.ts is not pure: alerts/engine.ts → platform/config.ts → node:fs)",
      "dashboard/src/lib/codes.ts:2 imports '../../../gateways/sessions.ts' — the dashboard imports only pure server files (gateways/sessions.ts is not pure: gateways/sessions.ts → node:crypto)"
    ])
  })
})

describe('the house', () => {
  it('keeps its rules', () => {
    expect(checkHouse(readImportGraph(repoRoot))).toEqual([])
  })
})
