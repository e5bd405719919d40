// What the pre-fill check's in-memory view (cylinders/check-view.ts) costs per cylinder, alone in a process
// (node --expose-gc): heap and RSS after a full GC, before and after applying N cylinders shaped like the
// registry's (13-character codes, ten filling units, a few media, real dates), in pages like its load.
import { createCheckView } from '../cylinders/check-view.ts'
import type { CylinderCheckFields } from '../cylinders/events.ts'

const n = Number(process.argv[2] ?? 1_000_000)
const gc = (globalThis as { gc?: () => void }).gc
if (gc === undefined) throw new Error('run with --expose-gc')
const settle = () => { gc(); gc(); return process.memoryUsage() }

const media = ['LPG', 'LPG', 'LPG', 'CNG', 'O2', 'N2']
const before = settle()
const view = createCheckView()
const page: CylinderCheckFields[] = []
for (let i = 0; i < n; i++) {
  // Built as a database driver hands them over: a fresh string per row.
  page.push({
    code: `CY${String(i).padStart(11, '0')}`, medium: media[i % media.length]!, fillingUnitId: 1 + i % 10, status: i % 50 === 0 ? 'inspection_overdue' : 'in_use',
    nextInspectionDue: `202${7 + i % 3}-0${1 + i % 9}-1${i % 10}`, endOfLife: `203${i % 10}-06-30`, capacityKg: 14.5, emptyMassKg: 15.2, updatedAt: 1_760_000_000_000 + i
  })
  if (page.length === 20_000) { view.apply(page); page.length = 0 }
}
view.apply(page)
page.length = 0
view.trim()
const after = settle()
const result = {
  cylinders: view.size,
  // `external` holds the typed arrays' memory (arrayBuffers is part of it).
  bytesPerCylinder: Math.round((after.heapUsed + after.external - before.heapUsed - before.external) / n),
  rssMbPerMillion: Math.round((after.rss - before.rss) / n * 1e6 / 1048576)
}
process.stdout.write(`${JSON.stringify(result)}\n`)
