// Elevator data items and codes from GB/T 24476 (domain.md §2), with the regional retrofit extensions.

export const SERVICE_MODES = {
  0: { zh: '停止服务', en: 'out of service' },
  1: { zh: '正常运行', en: 'normal' },
  2: { zh: '检修', en: 'inspection / maintenance' },
  3: { zh: '消防返回', en: 'fire recall' },
  4: { zh: '消防员运行', en: 'firefighter' },
  5: { zh: '应急电源运行', en: 'emergency power' },
  6: { zh: '地震模式', en: 'earthquake' },
  7: { zh: '未知', en: 'unknown' }
} as const

export const DIRECTIONS = { 0: 'none', 1: 'up', 2: 'down' } as const

export const EVENT_CODES = {
  '01': { zh: '安全回路断路', en: 'safety circuit open while running', kind: 'fault' },
  '02': { zh: '关门故障', en: 'door close failure', kind: 'fault' },
  '03': { zh: '开门故障', en: 'door open failure', kind: 'fault' },
  '04': { zh: '门区外停梯', en: 'stopped outside door zone', kind: 'fault' },
  '05': { zh: '轿厢意外移动', en: 'unintended car movement', kind: 'fault' },
  '06': { zh: '电动机运转时间限制器动作', en: 'motor run-time limiter', kind: 'fault' },
  '07': { zh: '楼层位置丢失', en: 'floor position lost', kind: 'fault' },
  '08': { zh: '防止电梯再运行的故障', en: 'fault preventing restart', kind: 'fault' },
  '40': { zh: '恢复自动运行', en: 'back to normal', kind: 'event' },
  '41': { zh: '主电源断电', en: 'mains lost', kind: 'event' },
  '42': { zh: '停止服务', en: 'out of service', kind: 'event' },
  '43': { zh: '检修', en: 'inspection mode', kind: 'event' },
  '44': { zh: '消防返回', en: 'fire recall', kind: 'event' },
  '45': { zh: '消防员运行', en: 'firefighter operation', kind: 'event' },
  '46': { zh: '应急电源运行', en: 'emergency power', kind: 'event' },
  '47': { zh: '地震模式', en: 'earthquake mode', kind: 'event' },
  '90': { zh: '报警按钮动作', en: 'alarm button pressed', kind: 'event' },
  overrun_top: { zh: '冲顶', en: 'overrun top', kind: 'fault' },
  overrun_bottom: { zh: '蹲底', en: 'overrun bottom', kind: 'fault' },
  entrapment: { zh: '困人', en: 'entrapment', kind: 'fault' },
  entrapment_at_landing: { zh: '平层关人', en: 'trapped at a landing', kind: 'fault' },
  entrapment_between_floors: { zh: '非平层关人', en: 'trapped between floors', kind: 'fault' },
  overspeed: { zh: '超速', en: 'overspeed', kind: 'fault' },
  door_open_running: { zh: '运行中开门', en: 'door open while running', kind: 'fault' },
  door_lock_circuit: { zh: '门锁回路断路', en: 'door lock circuit open', kind: 'fault' }
} as const

export type KnownEventCode = keyof typeof EVENT_CODES

export function isKnownEventCode (code: string): code is KnownEventCode {
  return Object.hasOwn(EVENT_CODES, code)
}

/** 困人 as terminals report it: unsplit, or split into 平层关人 / 非平层关人 (regional retrofit extensions). */
export const ENTRAPMENT_CODES = { entrapment: null, entrapment_at_landing: 'at_landing', entrapment_between_floors: 'between_floors' } as const

export function isEntrapmentCode (code: string): code is keyof typeof ENTRAPMENT_CODES {
  return Object.hasOwn(ENTRAPMENT_CODES, code)
}

export const ELEVATOR_KINDS = ['traction', 'hydraulic', 'escalator', 'moving_walk'] as const
export type ElevatorKind = typeof ELEVATOR_KINDS[number]

export const EQUIPMENT_STATUSES = ['in_use', 'stopped', 'scrapped'] as const
export type EquipmentStatus = typeof EQUIPMENT_STATUSES[number]
