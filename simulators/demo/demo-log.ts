// The demo's console log: the service's lines, pretty, interleaved with the fleet's progress lines. The
// service's access log (two lines a request, and the dashboard makes many) would bury those: in the demo
// it shows only at LOG_LEVEL=debug. Errors of requests still show, whatever their shape.
import pino, { type DestinationStream, type Logger } from 'pino'

const isAccessLine = (first: unknown) => typeof first === 'object' && first !== null && ('req' in first || 'res' in first)
const INFO = 30

export function createDemoLog (level: string, destination: DestinationStream): Logger {
  return pino({
    level,
    hooks: {
      logMethod (args, method, methodLevel) {
        if (methodLevel <= INFO && isAccessLine(args[0]) && !this.isLevelEnabled('debug')) return
        method.apply(this, args)
      }
    }
  }, destination)
}
