// What the dispatcher's wall shows besides the live cases (which the rescue desk store keeps): today's
// and this month's rescue figures, entrapments per day over the last 30 days, and lifts whose terminal is
// offline by district. Read on opening and every minute while it is open.
import { ref, shallowRef } from 'vue'
import { defineStore } from 'pinia'
import { api } from '../api/client.ts'
import type { FiguresRow, RescueFigures } from '../api/types.ts'
import { dayStart, periodOf, shanghaiDay } from '../lib/rescue/periods.ts'
import { serverNow } from '../lib/common/server-clock.ts'
import { offlineByDistrict, type DistrictOffline } from '../lib/home/wall.ts'

const DAY_MS = 86_400_000
const TREND_DAYS = 30
/** An offline alert per lift: more than this many is a city-wide outage, said as such. */
const OFFLINE_READ = 500

export const useWallStore = defineStore('wall', () => {
  const today = shallowRef<FiguresRow | null>(null)
  const month = shallowRef<FiguresRow | null>(null)
  const trend = shallowRef<RescueFigures['byDay']>([])
  const offline = shallowRef<DistrictOffline[]>([])
  const offlineTotal = ref<number | null>(null)

  async function load () {
    // A millisecond past now: the period is never empty, even at midnight.
    const now = serverNow() + 1
    const midnight = dayStart(shanghaiDay(new Date(now)))
    const thisMonth = periodOf('thisMonth', now)!
    const [day, sofar, last30, alerts] = await Promise.all([
      api.figures(midnight, new Date(now)),
      api.figures(thisMonth.from, new Date(now)),
      api.figures(new Date(midnight.getTime() - (TREND_DAYS - 1) * DAY_MS), new Date(now)),
      api.alerts({ status: 'open', type: 'offline', limit: OFFLINE_READ })
    ])
    today.value = day.total
    month.value = sofar.total
    trend.value = last30.byDay
    offline.value = offlineByDistrict(alerts.items)
    offlineTotal.value = alerts.total
  }

  return { today, month, trend, offline, offlineTotal, load }
})
