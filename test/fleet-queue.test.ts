// The fleet simulator shares one budget of unacknowledged messages among its gateways, so a city whose
// broker falls behind stays in the simulator's memory (simulators/fleet/fleet.ts).
import { describe, expect, it } from 'vitest'
import { queuePerGateway } from '../simulators/fleet/fleet.ts'

describe('messages one simulated gateway may hold unacknowledged', () => {
  const budget = { maxQueuedPerGateway: 2000, maxQueuedInFleet: 200_000 }
  it.each([
    [1, 2000, 'a lone gateway: its own cap'],
    [100, 2000, 'a small fleet: the budget is not the limit'],
    [1_000, 200, 'the fleet budget shared out'],
    [16_369, 32, 'a 100,000-lift city: the floor that fits a reconnect\'s current states'],
    [0, 2000, 'no gateways: no division by zero']
  ])('%i gateways → %i each (%s)', (gateways, expected) => {
    expect(queuePerGateway(gateways, budget)).toBe(expected)
  })

  it('never lets the whole fleet hold more than its budget while the floor allows', () => {
    for (const gateways of [10, 99, 101, 3_333, 6_250]) {
      expect(queuePerGateway(gateways, budget) * gateways).toBeLessThanOrEqual(budget.maxQueuedInFleet)
    }
  })
})
