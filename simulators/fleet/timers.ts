// One queue of deadlines for every lift, passenger stream and gateway of a fleet, driven by the fleet's
// single interval: 20,000 lifts must not mean 20,000 timers. A binary min-heap; rescheduling an id leaves
// its old entry behind, recognised and skipped when it comes up (lazy deletion), which is cheaper than
// searching the heap to remove it.

export interface MinHeap<T> {
  push (at: number, item: T): void
  /** The earliest time in the heap, or Infinity. */
  peek (): number
  /** Removes and returns the earliest item. */
  pop (): T | undefined
  readonly size: number
}

export function createMinHeap<T> (): MinHeap<T> {
  const times: number[] = []
  const items: T[] = []
  const swap = (i: number, j: number) => {
    const t = times[i]!; times[i] = times[j]!; times[j] = t
    const x = items[i]!; items[i] = items[j]!; items[j] = x
  }
  return {
    push (at, item) {
      times.push(at)
      items.push(item)
      let i = times.length - 1
      while (i > 0) {
        const parent = (i - 1) >> 1
        if (times[parent]! <= times[i]!) break
        swap(i, parent)
        i = parent
      }
    },
    peek: () => times.length > 0 ? times[0]! : Infinity,
    pop () {
      if (times.length === 0) return undefined
      const top = items[0]
      const lastTime = times.pop()!
      const lastItem = items.pop()!
      if (times.length > 0) {
        times[0] = lastTime
        items[0] = lastItem
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          const r = l + 1
          let m = i
          if (l < times.length && times[l]! < times[m]!) m = l
          if (r < times.length && times[r]! < times[m]!) m = r
          if (m === i) break
          swap(i, m)
          i = m
        }
      }
      return top
    },
    get size () { return times.length }
  }
}

/** Deadlines keyed by a small integer id; each id has at most one live deadline. */
export function createTimers () {
  const heap = createMinHeap<number>()
  const due = new Map<number, number>()
  return {
    schedule (id: number, at: number) {
      if (due.get(id) === at) return
      due.set(id, at)
      heap.push(at, id)
    },
    cancel (id: number) { due.delete(id) },
    /** Fires every id due by `now`, earliest first. A callback may schedule its id again. */
    fireDue (now: number, fire: (id: number, at: number) => void) {
      while (heap.peek() <= now) {
        const at = heap.peek()
        const id = heap.pop()!
        if (due.get(id) !== at) continue // superseded or cancelled
        due.delete(id)
        fire(id, at)
      }
    },
    get pending () { return due.size }
  }
}
