// Registry refusals: districts, use units, maintenance firms, and the elevator list's filters
// (registry/routes.ts). An elevator's own refusals are in elevators/messages.ts.
import { text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

/** The registry tables a "no such record" names, by the schema's $id. */
const RECORD: Record<string, { en: string, zh: string }> = { District: { en: 'district', zh: '区县' }, UseUnit: { en: 'use unit', zh: '使用单位' }, MaintenanceFirm: { en: 'maintenance firm', zh: '维保单位' } }

const REGISTRY_MESSAGES = registerMessages({
  'registry.not_found': text<{ record: string }>((p) => `no such ${RECORD[p.record]?.en ?? p.record}`, (p) => `没有这个${RECORD[p.record]?.zh ?? p.record}`),
  'registry.coordinates_pair': text(
    () => 'give latitude and longitude together, or neither', () => '纬度和经度须同时填写或同时不填'),
  'registry.lift_has_history': text<{ code: string }>(
    (p) => `lift ${p.code} has alert or rescue history, which is kept: set its status to "scrapped" instead of deleting it`,
    (p) => `电梯 ${p.code} 有告警或救援记录，这些记录须保留：请将其状态改为“报废”，而不是删除`),
  'registry.csv_as_text': text(() => 'send the file as text/csv', () => '请以 text/csv 发送文件'),
  'registry.online_needs_broker': text(
    () => 'the online filter needs a broker in this process (ROLE=all) or a cluster through Redis (REDIS_URL)',
    () => '按在线状态筛选需要本进程运行消息代理（ROLE=all），或通过 Redis 组成集群（REDIS_URL）')
})

type RegistryTexts = typeof REGISTRY_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends RegistryTexts {}
}
