// The dispatcher's wall (components/home/dispatcher-home.vue), its pure parts: lifts whose terminal is
// offline counted by district from their open offline alerts, and the two charts people compare on it
// (entrapments per day, offline lifts by district).
import type { Alert, RescueFigures } from '../../api/types.ts'

export interface DistrictOffline { name: string, lifts: number }

/** Open offline alerts (one per lift) by district, most first. */
export function offlineByDistrict (alerts: Pick<Alert, 'districtName' | 'equipmentCode'>[]): DistrictOffline[] {
  const lifts = new Map<string, Set<string>>()
  for (const a of alerts) lifts.set(a.districtName, (lifts.get(a.districtName) ?? new Set()).add(a.equipmentCode))
  return [...lifts].map(([name, codes]) => ({ name, lifts: codes.size })).sort((a, b) => b.lifts - a.lifts || a.name.localeCompare(b.name))
}

export interface DailyLabels { real: string, falseAlarms: string }

/** Entrapments per day, real ones and false alarms stacked, the last day on the right. */
export function buildDailyOption (days: RescueFigures['byDay'], labels: DailyLabels) {
  return {
    animation: false,
    color: ['#c53030', '#a0aec0'],
    grid: { left: 36, right: 12, top: 36, bottom: 28 },
    legend: { top: 0, data: [labels.real, labels.falseAlarms] },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: days.map((d) => d.day.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: labels.real, type: 'bar', stack: 'cases', barMaxWidth: 22, data: days.map((d) => d.cases - d.falseAlarms) },
      { name: labels.falseAlarms, type: 'bar', stack: 'cases', barMaxWidth: 22, data: days.map((d) => d.falseAlarms) }
    ]
  }
}

/** Offline lifts by district, as horizontal bars: the longest bar is where to phone first. */
export function buildOfflineOption (rows: DistrictOffline[], label: string) {
  const shown = [...rows].reverse()
  return {
    animation: false,
    color: ['#dd6b20'],
    grid: { left: 72, right: 28, top: 8, bottom: 24 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((r) => r.name) },
    series: [{ name: label, type: 'bar', barMaxWidth: 20, data: shown.map((r) => r.lifts), label: { show: true, position: 'right' } }]
  }
}
