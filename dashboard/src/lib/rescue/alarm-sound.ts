// The audible alarm: a two-tone beep pattern made with the Web Audio API (no sound file to load or fail).
// Browsers keep audio suspended until the user has interacted with the page, so the state is reported
// ('blocked' until a click or key press, or the "enable sound" button, resumes it) instead of failing
// silently.

export type SoundState = 'on' | 'blocked' | 'unsupported'

export interface Beeper {
  state (): SoundState
  /** Resumes audio; call it from a user gesture. */
  unlock (): Promise<SoundState>
  /** One burst of three tones, about a second long. */
  play (): void
  close (): void
}

type AudioContextClass = typeof AudioContext
const TONES_HZ = [880, 660, 880]
const TONE_S = 0.2
const GAP_S = 0.12
const VOLUME = 0.18

export function createBeeper (onChange: (state: SoundState) => void): Beeper {
  const Ctor = (window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextClass }).webkitAudioContext) as AudioContextClass | undefined
  let ctx: AudioContext | null = null
  try {
    // Created at once: where the browser allows audio without a gesture (a kiosk set up for the desk),
    // it runs straight away; elsewhere it starts suspended.
    if (Ctor !== undefined) ctx = new Ctor()
  } catch {
    ctx = null
  }
  const state = (): SoundState => (ctx === null ? 'unsupported' : ctx.state === 'running' ? 'on' : 'blocked')
  if (ctx !== null) ctx.onstatechange = () => onChange(state())

  return {
    state,
    async unlock () {
      if (ctx !== null && ctx.state === 'suspended') await ctx.resume().catch(() => { /* still blocked */ })
      return state()
    },
    play () {
      if (ctx === null || ctx.state !== 'running') return
      const start = ctx.currentTime + 0.02
      TONES_HZ.forEach((hz, i) => {
        const at = start + i * (TONE_S + GAP_S)
        const osc = ctx!.createOscillator()
        const gain = ctx!.createGain()
        osc.type = 'square'
        osc.frequency.value = hz
        // A short ramp in and out: no click at the edges of each tone.
        gain.gain.setValueAtTime(0, at)
        gain.gain.linearRampToValueAtTime(VOLUME, at + 0.01)
        gain.gain.setValueAtTime(VOLUME, at + TONE_S - 0.02)
        gain.gain.linearRampToValueAtTime(0, at + TONE_S)
        osc.connect(gain).connect(ctx!.destination)
        osc.start(at)
        osc.stop(at + TONE_S + 0.01)
      })
    },
    close () {
      if (ctx !== null) {
        ctx.onstatechange = null
        void ctx.close().catch(() => { /* already closed */ })
        ctx = null
      }
    }
  }
}
