// Loading what the screen asks for, where the request asked for last wins: an answer that arrives after a
// newer request (a filter or a period changed while the first was on its way) is dropped.
import { ref, type Ref } from 'vue'

export interface LatestLoad<L> {
  loading: Ref<boolean>
  /** What was asked for last: filters and page, or a period. */
  location: Ref<L | null>
  load (next: L): Promise<void>
  /** Asks again for what is on screen (after an action, or a reconnect of the live stream). */
  reload (): Promise<void>
}

export function useLatestLoad<L, A> (fetch: (location: L) => Promise<A>, take: (answer: A) => void): LatestLoad<L> {
  const loading = ref(false)
  const location = ref<L | null>(null) as Ref<L | null>
  let sequence = 0

  async function load (next: L) {
    const mine = ++sequence
    location.value = next
    loading.value = true
    try {
      const answer = await fetch(next)
      if (mine === sequence) take(answer)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  async function reload () {
    if (location.value !== null) await load(location.value)
  }

  return { loading, location, load, reload }
}
