// Security headers on every answer (@fastify/helmet), with a Content-Security-Policy the built dashboard
// and the OpenAPI page (/docs) pass: scripts, styles, fonts and images from this origin only, no plugins,
// no framing, no inline script. Checked by the browser tests, which fail on any CSP violation
// (test/browser/support/browser.ts).
import type { FastifyInstance } from 'fastify'
import helmet from '@fastify/helmet'

export const CSP_DIRECTIVES = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'", 'data:'],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // ECharts exports and Element Plus icons may use data: and blob: images.
  imgSrc: ["'self'", 'data:', 'blob:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"]
}

/**
 * The OpenAPI page (/docs, Swagger UI) sets one inline style as it starts; the dashboard sets none. So
 * inline styles are allowed on /docs only, which shows the API's own description and no user data.
 */
export function docsCsp (header: string): string {
  return header.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
}

export async function registerSecurityHeaders (app: FastifyInstance) {
  await app.register(helmet, {
    global: true,
    // No upgrade-insecure-requests (helmet's default): on a plain-HTTP intranet install it would send the
    // dashboard's own scripts to https:// and break it. HSTS belongs to whatever terminates TLS in front.
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    hsts: false
  })
}
