// ECharts option of the 定检率 trend: one point per month end (the last at the reference date) against the
// target as a dashed line; the axis starts near the lowest value so a fall of a point shows.
import type { InspectionTrendPoint } from '../../api/types.ts'

export interface TrendLabels { rate: string, target: string }

export function buildTrendOption (points: InspectionTrendPoint[], target: number, labels: TrendLabels) {
  const values = points.map((p) => p.rate)
  const known = values.filter((v): v is number => v !== null)
  const low = Math.min(target, ...known)
  return {
    animation: false,
    color: ['#2b6cb0', '#dd6b20'],
    grid: { left: 48, right: 24, top: 36, bottom: 32 },
    legend: { top: 0, data: [labels.rate, labels.target] },
    tooltip: { trigger: 'axis', valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : `${v}%`) },
    xAxis: { type: 'category', data: points.map((p) => p.referenceDate.slice(0, 7)), boundaryGap: false },
    yAxis: { type: 'value', min: Math.max(0, Math.floor(low - 2)), max: 100, axisLabel: { formatter: '{value}%' } },
    series: [
      { name: labels.rate, type: 'line', data: values, connectNulls: false, symbolSize: 6, label: { show: points.length <= 12, position: 'top', formatter: (p: { value: number | null }) => (p.value === null ? '' : `${p.value}`) } },
      { name: labels.target, type: 'line', data: points.map(() => target), symbol: 'none', lineStyle: { type: 'dashed' } }
    ]
  }
}
