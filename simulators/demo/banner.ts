// What the demo prints once it runs: where to click, how to sign in, where its data lives.
import type { DemoUser } from '../city/demo-users.ts'

export interface BannerInfo {
  httpUrl: string
  mqttUrl: string
  dashboardBuilt: boolean
  dataDir: string
  fleetFile: string | null
  /** The maintenance crews' logins (one per firm, generated passwords): named here, never printed. */
  crewsFile: string | null
  crews: number
  lifts: number
  gateways: number
  logins: Array<{ user: DemoUser, works: boolean }>
}

export function demoBanner (info: BannerInfo): string {
  const rule = '─'.repeat(78)
  const n = (v: number) => v.toLocaleString('en-US')
  const width = Math.max(...info.logins.map((l) => l.user.username.length))
  const logins = info.logins.map(({ user, works }) =>
    `   ${user.username.padEnd(width)}  ${works ? user.password.padEnd(20) : '(password changed)'.padEnd(20)}  ${user.displayName}: ${user.sees}`)
  return [
    rule,
    ` 天鉴 Tianjian demo: 西宁 Xining, ${n(info.lifts)} simulated lifts behind ${n(info.gateways)} gateways`,
    '',
    ` Dashboard  ${info.httpUrl}${info.dashboardBuilt ? '' : '   (not built: npm run build:dashboard; the API answers meanwhile)'}`,
    ` API docs   ${new URL('/docs', info.httpUrl).href}`,
    ` MQTT       ${info.mqttUrl}`,
    '',
    ' Sign in as (demo passwords; change them before showing this to anyone outside):',
    ...logins,
    '',
    ` Data       ${info.dataDir}${info.fleetFile === null ? '' : `\n Fleet      ${info.fleetFile} (gateway secrets, mode 0600)`}` +
      `${info.crewsFile === null ? '' : `\n Crews      ${info.crewsFile} (${info.crews} maintenance firms' logins, mode 0600; their crews visit lifts live)`}`,
    ' Ctrl-C stops the simulator and the service.',
    rule
  ].join('\n')
}
