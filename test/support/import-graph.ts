// The import graph of the repository's TypeScript and Vue sources, read with a small tokenizer rather than
// a compiler (TypeScript 7 has no JavaScript API, and the house test must stay fast). What counts as an
// import: `import … from '…'`, `import '…'`, `export … from '…'`, `import('…')` and `declare module '…'`.
// Type-only means erased from the emitted JavaScript: `import type`, `export type … from`, `declare module`
// and `import('…')` in a type position (`typeof import('…')`, `import('…').Name`). Under
// verbatimModuleSyntax `import { type A } from 'x'` is NOT type-only: it is emitted as `import {} from 'x'`
// and still loads x.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, posix } from 'node:path'

export interface ImportEdge {
  /** As written: './rules.ts', 'typebox/compile', 'node:fs'. */
  specifier: string
  /** A project file (repo-relative, '/'-separated) for a relative specifier, else the package ('typebox', 'node:fs', '@vue/x'). */
  target: string
  /** A relative specifier, whether or not the file exists (a missing one is never pure). */
  local: boolean
  typeOnly: boolean
  line: number
}

/** Repo-relative file → its imports. */
export type ImportGraph = Map<string, ImportEdge[]>

type Token = { kind: 'name' | 'string' | 'punct', text: string, line: number }

const REGEX_AFTER = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'new', 'delete', 'void', 'throw', 'instanceof', 'yield', 'await'])

/** Names, string literals (a template without substitutions counts) and punctuation; comments, regex literals and numbers dropped. */
export function tokenize (source: string): Token[] {
  const tokens: Token[] = []
  const braces: Array<'code' | 'template'> = []
  let i = 0
  let line = 1
  const push = (kind: Token['kind'], text: string, at: number) => tokens.push({ kind, text, line: at })
  const count = (from: number, to: number) => { for (let k = from; k < to; k++) if (source[k] === '\n') line++ }

  // Scans a template from just after '`' or '}' up to its end or a '${'; returns whether it ended.
  function template (): boolean {
    const start = i
    let text = ''
    while (i < source.length) {
      const c = source[i]!
      if (c === '\\') { text += source.slice(i, i + 2); i += 2; continue }
      if (c === '`') { i++; count(start, i); push('string', text, line); return true }
      if (c === '$' && source[i + 1] === '{') { i += 2; count(start, i); braces.push('template'); push('punct', '${', line); return false }
      text += c
      i++
    }
    count(start, i)
    return true
  }

  while (i < source.length) {
    const c = source[i]!
    const next = source[i + 1]
    if (c === '\n') { line++; i++; continue }
    if (/\s/.test(c)) { i++; continue }
    if (c === '/' && next === '/') { while (i < source.length && source[i] !== '\n') i++; continue }
    if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2)
      const stop = end === -1 ? source.length : end + 2
      count(i, stop)
      i = stop
      continue
    }
    if (c === '\'' || c === '"') {
      const at = line
      let text = ''
      i++
      while (i < source.length && source[i] !== c && source[i] !== '\n') {
        if (source[i] === '\\') { text += source.slice(i, i + 2); i += 2 } else text += source[i++]
      }
      i++
      push('string', text, at)
      continue
    }
    if (c === '`') { i++; template(); continue }
    if (c === '}' && braces.at(-1) === 'template') { braces.pop(); i++; template(); continue }
    if (c === '{') braces.push('code')
    if (c === '}') braces.pop()
    if (c === '/') {
      const prev = tokens.at(-1)
      const regex = prev === undefined || (prev.kind === 'punct' && !/^[)\]}]$/.test(prev.text)) || (prev.kind === 'name' && REGEX_AFTER.has(prev.text))
      if (regex) {
        let inClass = false
        i++
        while (i < source.length && source[i] !== '\n') {
          const r = source[i]!
          if (r === '\\') { i += 2; continue }
          if (r === '[') inClass = true
          else if (r === ']') inClass = false
          else if (r === '/' && !inClass) break
          i++
        }
        i++
        while (i < source.length && /[a-z]/i.test(source[i]!)) i++
        push('name', '/regex/', line)
        continue
      }
    }
    if (/[\w$]/.test(c)) {
      const start = i
      while (i < source.length && /[\w$]/.test(source[i]!)) i++
      push('name', source.slice(start, i), line)
      continue
    }
    push('punct', c, line)
    i++
  }
  return tokens
}

/** The `<script>` blocks of a Vue single-file component, other lines blanked so line numbers hold. */
export function vueScripts (source: string): string {
  const kept = source.split('\n').map(() => '')
  for (const m of source.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)) {
    const first = source.slice(0, m.index + m[0].length - m[1]!.length - '</script>'.length).split('\n').length - 1
    m[1]!.split('\n').forEach((text, k) => { kept[first + k] = text })
  }
  return kept.join('\n')
}

interface RawImport { specifier: string, typeOnly: boolean, line: number }

/** Every import of one file's source (see the top of this file for what counts). */
export function parseImports (source: string): RawImport[] {
  const t = tokenize(source)
  const found: RawImport[] = []
  const at = (k: number) => t[k]
  for (let k = 0; k < t.length; k++) {
    const tok = t[k]!
    if (tok.kind !== 'name') continue
    const prev = at(k - 1)
    if (prev !== undefined && prev.kind === 'punct' && prev.text === '.') continue // obj.import, obj.export
    if (tok.text === 'import') {
      const n = at(k + 1)
      if (n === undefined) continue
      if (n.kind === 'punct' && n.text === '(') {
        const spec = at(k + 2)
        if (spec?.kind !== 'string' || at(k + 3)?.text !== ')') continue // import(variable): nothing to check
        const after = at(k + 4)
        const member = after?.text === '.' ? at(k + 5)?.text : undefined
        const typeOnly = prev?.text === 'typeof' || (member !== undefined && !['then', 'catch', 'finally'].includes(member))
        found.push({ specifier: spec.text, typeOnly, line: tok.line })
      } else if (n.kind === 'string') {
        found.push({ specifier: n.text, typeOnly: false, line: tok.line }) // import 'x' (side effect)
      } else if (!(n.kind === 'punct' && n.text === '.')) { // not import.meta
        const from = findFrom(t, k + 1)
        if (from !== null) found.push({ specifier: from, typeOnly: n.text === 'type' && at(k + 2)?.text !== 'from' && at(k + 2)?.text !== ',', line: tok.line })
      }
    } else if (tok.text === 'export') {
      const n = at(k + 1)
      const typeOnly = n?.text === 'type'
      const head = typeOnly ? at(k + 2) : n
      if (head?.text !== '*' && head?.text !== '{') continue // export const …, export default …
      const from = findFrom(t, k + 1)
      if (from !== null) found.push({ specifier: from, typeOnly, line: tok.line })
    } else if (tok.text === 'declare' && at(k + 1)?.text === 'module' && at(k + 2)?.kind === 'string') {
      found.push({ specifier: at(k + 2)!.text, typeOnly: true, line: tok.line })
    }
  }
  return found
}

/** The string after `from` in an import/export clause, scanning only tokens a clause may hold. */
function findFrom (t: Token[], k: number): string | null {
  for (; k < t.length; k++) {
    const tok = t[k]!
    if (tok.kind === 'name' && tok.text === 'from' && t[k + 1]?.kind === 'string') return t[k + 1]!.text
    if (tok.kind === 'string' || (tok.kind === 'punct' && !/^[{},*]$/.test(tok.text))) return null
  }
  return null
}

const SOURCE = /\.(ts|mts|cts|vue|js|mjs)$/
const SKIP = new Set(['node_modules', 'dist', 'bench-results', '.git', 'docs'])

/** Resolves a relative specifier from `file` (both repo-relative); the extension rules of NodeNext and Vite. */
export function resolveLocal (file: string, specifier: string, exists: (path: string) => boolean): string {
  const base = posix.normalize(posix.join(posix.dirname(file), specifier))
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, `${base}/index.ts`]
  return candidates.find(exists) ?? base
}

/** Builds the graph from in-memory sources (the self-test) or from files on disk (`readImportGraph`). */
export function buildImportGraph (sources: Map<string, string>, exists: (path: string) => boolean = (p) => sources.has(p)): ImportGraph {
  const graph: ImportGraph = new Map()
  for (const [file, text] of sources) {
    const code = file.endsWith('.vue') ? vueScripts(text) : text
    graph.set(file, parseImports(code).map((raw) => {
      const local = raw.specifier.startsWith('.')
      const target = local ? resolveLocal(file, raw.specifier, exists) : packageOf(raw.specifier)
      return { ...raw, target, local }
    }))
  }
  return graph
}

/** 'typebox/compile' → 'typebox', '@vue/runtime-core/x' → '@vue/runtime-core', 'node:fs' stays. */
export function packageOf (specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

/** Every source file of the repository (not node_modules, builds or docs), parsed. */
export function readImportGraph (root: string): ImportGraph {
  const sources = new Map<string, string>()
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir))) {
      const path = dir === '' ? name : `${dir}/${name}`
      if (SKIP.has(name) || name.startsWith('.')) continue
      if (statSync(join(root, path)).isDirectory()) walk(path)
      else if (SOURCE.test(name)) sources.set(path, readFileSync(join(root, path), 'utf8'))
    }
  }
  walk('')
  return buildImportGraph(sources, (p) => sources.has(p) || (existsSync(join(root, p)) && statSync(join(root, p)).isFile()))
}

export const repoRoot = dirname(dirname(dirname(new URL(import.meta.url).pathname)))
