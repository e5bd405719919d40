// True on a phone-sized screen (a maintainer on site): pages show cards instead of wide tables.
import { onBeforeUnmount, ref } from 'vue'

export function useNarrow (query = '(max-width: 640px)') {
  const media = window.matchMedia(query)
  const narrow = ref(media.matches)
  const update = (event: MediaQueryListEvent) => { narrow.value = event.matches }
  media.addEventListener('change', update)
  onBeforeUnmount(() => media.removeEventListener('change', update))
  return narrow
}
