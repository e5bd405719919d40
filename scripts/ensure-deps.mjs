#!/usr/bin/env node
// Installs what `npm start`, `npm test` and `npm run demo` need and the machine lacks, so a fresh
// Debian/Ubuntu box with Node 20 needs nothing else. Only Node built-ins here: node_modules may not exist yet.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const purpose = process.argv[2] ?? 'start'
const root = new URL('..', import.meta.url).pathname

function has (cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0
}

function postgresBinDir () {
  const base = '/usr/lib/postgresql'
  if (!existsSync(base)) return null
  const versions = readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
  return versions.length > 0 ? join(base, versions[0], 'bin') : null
}

function canInstallDebianPackages () {
  return has('apt-get') && (process.getuid?.() === 0 || has('sudo'))
}

let aptUpdated = false
function aptInstall (packages) {
  if (packages.length === 0) return
  if (!canInstallDebianPackages()) {
    console.error(`[ensure-deps] missing Debian packages: ${packages.join(' ')}; install them (apt-get install ${packages.join(' ')}) or point the service at existing servers (INFLUX_URL, DATABASE_URL).`)
    process.exit(1)
  }
  const sudo = process.getuid?.() === 0 ? [] : ['sudo']
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const run = (args) => execFileSync(sudo.length ? 'sudo' : args[0], sudo.length ? args : args.slice(1), { stdio: 'inherit', env })
  console.log(`[ensure-deps] installing Debian packages: ${packages.join(' ')}`)
  if (!aptUpdated) { run(['apt-get', 'update', '-q']); aptUpdated = true }
  run(['apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages])
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.log('[ensure-deps] installing npm packages')
  execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' })
}

const wanted = []
if (!process.env.INFLUX_URL && !has('influxd')) wanted.push('influxdb')
if (purpose === 'test' && !postgresBinDir()) wanted.push('postgresql')
if (purpose === 'test' && !has('redis-server')) wanted.push('redis-server')
if (purpose === 'test' && !has('openssl')) wanted.push('openssl')
if (purpose === 'test' && !has('chromium') && existsSync(join(root, 'dashboard'))) wanted.push('chromium')
// The dashboard is zh-CN first: without a CJK font, Chromium draws its screenshots as boxes.
if (purpose === 'test' && !existsSync('/usr/share/fonts/truetype/wqy/wqy-microhei.ttc')) wanted.push('fonts-wqy-microhei')
if (purpose === 'bench' && !has('mosquitto')) wanted.push('mosquitto')
aptInstall(wanted)
