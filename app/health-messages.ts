// What GET /api/health says about each part, for an administrator (app/health-routes.ts). Each text's key is
// the part's stable `code`; none names an address, a URL or a raw error (those are in the service log).
import { text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const HEALTH_MESSAGES = registerMessages({
  'health.broker_listening': text<{ port: number, connections: number }>(
    (p) => `listening on ${p.port}, ${p.connections} connections`, (p) => `监听端口 ${p.port}，${p.connections} 个连接`),
  'health.broker_elsewhere': text(() => 'not run by this process (ROLE=api)', () => '本进程不运行消息代理（ROLE=api）'),
  'health.influx_writing': text(() => 'writing', () => '正常写入'),
  'health.influx_backlog': text<{ points: number }>((p) => `${p.points} points waiting to be written`, (p) => `${p.points} 个数据点等待写入`),
  'health.influx_unreachable': text<{ points: number }>(
    (p) => `unreachable${p.points > 0 ? `; ${p.points} points spooled on disk, replayed when it is back` : ''}`,
    (p) => `无法连接${p.points > 0 ? `；${p.points} 个数据点已暂存磁盘，恢复后补写` : ''}`),
  'health.influx_spool_full': text<{ points: number, limitMb: number }>(
    (p) => `spool full: ${p.points} points wait for InfluxDB (limit ${p.limitMb} MB); gateways' messages are not acknowledged until it takes them`,
    (p) => `暂存已满：${p.points} 个数据点等待写入 InfluxDB（上限 ${p.limitMb} MB）；写入前不再确认网关消息`),
  'health.database_pglite': text(() => 'embedded PGlite', () => '内嵌 PGlite'),
  'health.database_postgres': text(() => 'PostgreSQL server', () => 'PostgreSQL 服务器'),
  'health.database_unreachable': text(() => 'unreachable; see the service log', () => '无法连接，详情见服务日志'),
  'health.redis_connected': text(() => 'connected', () => '已连接'),
  'health.redis_unreachable': text(
    () => 'unreachable: telemetry is still stored; shared sessions, other nodes\' live events and presence wait for it',
    () => '无法连接：遥测数据仍在存储；共享会话、其他节点的实时事件和在线状态待其恢复')
})

type HealthTexts = typeof HEALTH_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends HealthTexts {}
}
