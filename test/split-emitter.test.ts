import { describe, expect, it } from 'vitest'
import mqemitter from 'mqemitter'
import { createSplitEmitter } from '../ingest/split-emitter.ts'

describe('split emitter', () => {
  it('keeps local-only topics off the shared bus and delivers both kinds to subscribers', async () => {
    const shared = mqemitter()
    const sharedTopics: string[] = []
    shared.on('#', (packet: { topic: string }, cb: () => void) => { sharedTopics.push(packet.topic); cb() })
    const split = createSplitEmitter(shared as never, (topic) => topic.endsWith('/state'))
    const received: string[] = []
    await new Promise<void>((resolve) => split.on('se/v1/g/#', (packet, cb) => { received.push((packet as { topic: string }).topic); cb() }, resolve))
    await new Promise((resolve) => split.emit({ topic: 'se/v1/g/elevator/E/state' }, resolve))
    await new Promise((resolve) => split.emit({ topic: 'se/v1/g/errors' }, resolve))
    expect(received).toEqual(['se/v1/g/elevator/E/state', 'se/v1/g/errors'])
    expect(sharedTopics).toEqual(['se/v1/g/errors'])
    await new Promise<void>((resolve) => split.close(resolve))
  })
})
