// ECharts options for the rescue figures by district or by firm: arrival and rescue times (mean and p90,
// minutes) side by side, or one share or rate per bar. Rows without a value get no bar, not a zero.
import type { FiguresRow } from '../../api/types.ts'

export const FIGURE_METRICS = ['time', 'withinLimit', 'falseAlarm', 'per10k'] as const
export type FigureMetric = typeof FIGURE_METRICS[number]

export interface FigureLabels { arrivalMean: string, arrivalP90: string, rescueMean: string, rescueP90: string, withinLimit: string, falseAlarm: string, per10k: string, minutes: string }

const COLOURS = ['#2b6cb0', '#90cdf4', '#2f855a', '#9ae6b4']

type Series = { name: string, key: keyof FiguresRow, scale: number }

function seriesFor (metric: FigureMetric, l: FigureLabels): Series[] {
  if (metric === 'time') {
    return [
      { name: l.arrivalMean, key: 'arrivalMeanMin', scale: 1 }, { name: l.arrivalP90, key: 'arrivalP90Min', scale: 1 },
      { name: l.rescueMean, key: 'rescueMeanMin', scale: 1 }, { name: l.rescueP90, key: 'rescueP90Min', scale: 1 }
    ]
  }
  if (metric === 'withinLimit') return [{ name: l.withinLimit, key: 'withinLimitShare', scale: 100 }]
  if (metric === 'falseAlarm') return [{ name: l.falseAlarm, key: 'falseAlarmShare', scale: 100 }]
  return [{ name: l.per10k, key: 'entrapmentsPer10kLiftsPerMonth', scale: 1 }]
}

export function buildFiguresOption (rows: FiguresRow[], metric: FigureMetric, labels: FigureLabels) {
  const series = seriesFor(metric, labels)
  const percent = metric === 'withinLimit' || metric === 'falseAlarm'
  const unit = percent ? '%' : metric === 'time' ? labels.minutes : ''
  const value = (row: FiguresRow, s: Series) => {
    const v = row[s.key] as number | null
    return v === null ? null : Math.round(v * s.scale * 100) / 100
  }
  return {
    animation: false,
    color: metric === 'time' ? COLOURS : [metric === 'falseAlarm' ? '#dd6b20' : metric === 'withinLimit' ? '#2f855a' : '#2b6cb0'],
    grid: { left: 48, right: 16, top: 40, bottom: rows.length > 5 ? 72 : 36 },
    legend: { top: 0, data: series.map((s) => s.name) },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v} ${unit}`.trim()) },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 5 ? 30 : 0, width: 120, overflow: 'truncate' } },
    yAxis: { type: 'value', name: unit, max: percent ? 100 : undefined, minInterval: percent ? 10 : undefined },
    series: series.map((s) => ({
      name: s.name, type: 'bar', barMaxWidth: 36, data: rows.map((r) => value(r, s)),
      label: { show: rows.length <= 8, position: 'top', fontSize: 11, formatter: (p: { value: number | null }) => (p.value === null ? '' : String(p.value)) }
    }))
  }
}
