// Fault 10: the service as `npm start` runs it (app/main.ts, its own logger), LOG_LEVEL=debug, through a
// run that handles every kind of secret — the generated admin password, users' passwords (right, wrong,
// changed), session tokens, gateway secrets (right, wrong, rotated, disabled), a webhook's signing key, the
// database and InfluxDB credentials — then its whole log is searched for each of them, as text, URL-encoded,
// JSON-escaped and base64 (as in a Basic authorization header).
import { afterAll, describe, expect, inject, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import mqtt, { type MqttClient } from 'mqtt'
import { freePort } from '../../platform/net.ts'
import { createTestDatabase } from '../support/service.ts'
import { reportScenario } from './support/report.ts'
import { startServiceProcess, type ServiceProcess } from './support/service-process.ts'
import { apiClient } from './support/api.ts'
import { tempDirs, waitFor } from './support/wait.ts'

const dirs = tempDirs()
let service: ServiceProcess | null = null
let receiver: Server | null = null
const clients: MqttClient[] = []

afterAll(async () => {
  for (const c of clients) await c.endAsync(true)
  await service?.stop()
  receiver?.close()
  dirs.removeAll()
})

const hex = (n = 12) => randomBytes(n).toString('hex')

function gatewayConnect (port: number, id: string, secret: string): Promise<MqttClient | Error> {
  return new Promise((resolve) => {
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, { clientId: id, username: id, password: secret, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 10_000 })
    client.once('connect', () => { clients.push(client); resolve(client) })
    client.once('error', (err) => { client.end(true); resolve(err) })
  })
}

/** Every way a secret could show up in a log line. */
function spellings (secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64')])]
}

describe('fault: secrets in the log', () => {
  it('writes none of the secrets and tokens of a whole run to its debug log', async () => {
    const report = reportScenario({
      id: 'log-secrets',
      title: 'Secrets and tokens in a full debug log',
      proves: 'A run of `app/main.ts` at LOG_LEVEL=debug that signs in and out, fails sign-ins, changes passwords, provisions, rotates and disables gateways that connect with right and wrong secrets, delivers a signed webhook and reads the live stream leaves none of the passwords, session tokens, gateway secrets, webhook key or database and InfluxDB credentials it used in its log, in any spelling (plain, URL-encoded, JSON-escaped, base64).'
    })
    const secrets: Record<string, string> = {}
    /** Remembers a secret of the run (to search the log for) and hands it back. */
    const keep = (name: string, value: string) => { secrets[name] = value; return value }
    const dataDir = dirs.make('logsecrets')
    const logFile = join(dirs.make('logsecrets-log'), 'service.log')
    const databasePassword = keep('databasePassword', `dbpw-${hex()}`)
    const influxPassword = keep('influxPassword', `influxpw-${hex()}`)
    keep('influxBasicAuth', `influx-user:${influxPassword}`)
    const env = {
      DATA_DIR: dataDir, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(await freePort()), MQTT_HOST: '127.0.0.1', MQTT_PORT: String(await freePort()),
      INFLUX_URL: inject('influxUrl'), INFLUX_DB: `logsecrets_${hex(4)}`, INFLUX_USERNAME: 'influx-user', INFLUX_PASSWORD: influxPassword,
      // The test server trusts local connections: the password is carried, never needed.
      DATABASE_URL: (await createTestDatabase()).replace('postgres@', `postgres:${databasePassword}@`),
      LOG_LEVEL: 'debug', ADMIN_PASSWORD: ''
    }
    service = await startServiceProcess({ entry: 'main', env, logFile })
    const api = apiClient(service.httpUrl)

    // The first start generated the admin's password into a file.
    const adminPassword = keep('adminPassword', (await readFile(join(dataDir, 'initial-admin-password'), 'utf8')).trim())
    const admin = keep('adminToken', await api.login('admin', adminPassword))
    expect((await api.call('POST', '/api/auth/login', { body: { username: 'admin', password: keep('wrongAdminPassword', `${adminPassword}x`) } })).status).toBe(401)
    expect((await api.call('POST', '/api/auth/login', { body: { username: 'nobody', password: keep('unknownUserPassword', `nobody-${hex()}`) } })).status).toBe(401)

    const userPassword = keep('userPassword', `userpw-${hex()}`)
    const user = await api.ok('POST', '/api/users', admin, { username: 'log-dispatcher', password: userPassword, role: 'dispatcher' })
    const userToken = keep('userToken', await api.login('log-dispatcher', userPassword))
    const newPassword = keep('userNewPassword', `newpw-${hex()}`)
    await api.ok('PATCH', `/api/users/${user.id}`, admin, { password: newPassword })
    expect((await api.call('GET', '/api/auth/me', { token: userToken })).status).toBe(401)
    const secondToken = keep('userSecondToken', await api.login('log-dispatcher', newPassword))
    expect((await api.call('POST', '/api/auth/logout', { token: secondToken })).status).toBe(204)

    const district = await api.ok('POST', '/api/districts', admin, { code: 'LG', name: '日志区', arrivalLimitMin: 30 })
    const useUnit = await api.ok('POST', '/api/use-units', admin, { name: '日志单位' })
    await api.ok('PUT', '/api/elevators/LOG-1', admin, { rescueId: '654321', kind: 'traction', address: '西宁市', districtId: district.id, useUnitId: useUnit.id, maintenanceFirmId: null, building: null, floors: 9, publicPlace: true })

    // A webhook receiver of ours; the delivery is signed with the key.
    const delivered: string[] = []
    receiver = createServer((req, res) => { let body = ''; req.on('data', (c: Buffer) => { body += c }); req.on('end', () => { delivered.push(body); res.end() }) })
    const hookPort = await freePort()
    await new Promise<void>((resolve) => receiver!.listen(hookPort, '127.0.0.1', resolve))
    await api.ok('POST', '/api/webhooks', admin, { url: `http://127.0.0.1:${hookPort}/alerts`, secret: keep('webhookKey', `hook-${hex()}`), events: ['alert.critical'] })

    const created = await api.ok('POST', '/api/gateways', admin, { id: 'gw-log', equipmentCodes: ['LOG-1'] })
    const gatewaySecret = keep('gatewaySecret', created.secret)
    const gateway = await gatewayConnect(service.mqttPort, 'gw-log', gatewaySecret)
    if (gateway instanceof Error) throw gateway
    await gateway.publishAsync('se/v1/gw-log/status', JSON.stringify({ online: true, fw: 'v1.2.3' }), { qos: 1 })
    await gateway.publishAsync('se/v1/gw-log/elevator/LOG-1/event', JSON.stringify({ code: 'entrapment', active: true }), { qos: 1 })
    await waitFor('the webhook delivery of the entrapment', () => delivered.length > 0, 30_000)

    // The live stream: with a single-use ticket where the service issues them, else the session in the header.
    const paths = Object.keys((await api.call('GET', '/docs/json')).json.paths as object)
    const live = paths.includes('/api/live/ticket')
      ? await fetch(`${service.httpUrl}/api/live?ticket=${encodeURIComponent(keep('liveTicket', (await api.ok('POST', '/api/live/ticket', admin, {})).ticket))}`)
      : await fetch(`${service.httpUrl}/api/live`, { headers: { authorization: `Bearer ${admin}` } })
    expect(live.status).toBe(200)
    await live.body?.cancel()

    expect(await gatewayConnect(service.mqttPort, 'gw-log', keep('wrongGatewaySecret', `${gatewaySecret.slice(0, -4)}AAAA`))).toBeInstanceOf(Error)
    const rotated = keep('rotatedGatewaySecret', (await api.ok('POST', '/api/gateways/gw-log/rotate-secret', admin)).secret)
    expect(await gatewayConnect(service.mqttPort, 'gw-log', gatewaySecret)).toBeInstanceOf(Error)
    expect(await gatewayConnect(service.mqttPort, 'gw-log', rotated)).not.toBeInstanceOf(Error)
    await api.ok('PATCH', '/api/gateways/gw-log', admin, { enabled: false })
    expect(await gatewayConnect(service.mqttPort, 'gw-log', rotated)).toBeInstanceOf(Error)

    // Gateways off first: the service's shutdown waits for their connections (pending-shutdown.test.ts).
    for (const c of clients.splice(0)) await c.endAsync(true)
    await service.stop()
    service = null

    const log = await readFile(logFile, 'utf8')
    const lines = log.split('\n').filter(Boolean)
    const found = Object.entries(secrets).flatMap(([name, secret]) => spellings(secret).filter((s) => log.includes(s)).map((s) => `${name} (${s === secret ? 'as is' : 'encoded'})`))
    Object.assign(report.figures, {
      secretsUsed: Object.keys(secrets).length, logLines: lines.length, debugLines: lines.filter((l) => l.includes('"level":20')).length,
      requestsLogged: lines.filter((l) => l.includes('incoming request')).length, secretsFound: found.length, found: found.join(', ') || 'none'
    })
    // The search means something only if the log is the whole run.
    expect(lines.some((l) => l.includes('Tianjian is running'))).toBe(true)
    expect(lines.filter((l) => l.includes('incoming request')).length).toBeGreaterThan(15)
    expect(lines.some((l) => l.includes('"level":20'))).toBe(true)
    expect(found).toEqual([])
  }, 180_000)
})
