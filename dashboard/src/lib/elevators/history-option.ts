// ECharts option for a lift's history: floor as a step line (a car is at one floor, then the next) and
// speed on a second axis when the terminal reports it. Times are labelled in Asia/Shanghai.
import type { History } from '../../api/types.ts'
import { formatDateTime, formatShort, formatTime } from '../common/format.ts'

export interface HistoryLabels { floor: string, speed: string }

export function buildHistoryOption (history: History, labels: HistoryLabels, locale: string, period: { from: number, to: number }) {
  const floor = history.points.filter((p) => p.floor !== null).map((p) => [p.t, p.floor] as [number, number])
  const speed = history.points.filter((p) => p.speed !== null).map((p) => [p.t, p.speed] as [number, number])
  const shortRange = period.to - period.from <= 3 * 3_600_000
  const series: object[] = [{
    name: labels.floor, type: 'line', step: 'end', data: floor, showSymbol: floor.length < 60, symbolSize: 5,
    lineStyle: { width: 2, color: '#2b6cb0' }, itemStyle: { color: '#2b6cb0' }, areaStyle: { color: 'rgba(43,108,176,0.08)' }
  }]
  if (speed.length > 0) {
    series.push({ name: labels.speed, type: 'line', yAxisIndex: 1, data: speed, showSymbol: false, lineStyle: { width: 1, color: '#dd6b20' }, itemStyle: { color: '#dd6b20' } })
  }
  return {
    animation: false,
    grid: { left: 48, right: speed.length > 0 ? 56 : 20, top: 36, bottom: 56 },
    legend: { top: 0, data: series.map((s) => (s as { name: string }).name) },
    tooltip: {
      trigger: 'axis',
      formatter: (items: Array<{ value: [number, number], seriesName: string, marker: string }>) => {
        const first = items[0]
        if (first === undefined) return ''
        return [formatDateTime(first.value[0], locale), ...items.map((i) => `${i.marker}${i.seriesName}: ${i.value[1]}`)].join('<br/>')
      }
    },
    xAxis: {
      type: 'time',
      min: period.from,
      max: period.to,
      axisLabel: { hideOverlap: true, formatter: (value: number) => (shortRange ? formatTime(value, locale) : formatShort(value, locale)) }
    },
    yAxis: [
      { type: 'value', name: labels.floor, minInterval: 1, scale: true },
      { type: 'value', name: labels.speed, show: speed.length > 0, splitLine: { show: false } }
    ],
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 8 }],
    series
  }
}
