// The commands' one error funnel: a BackupError or a ConfigError is a sentence for the operator and exit
// code 1 (2 for configuration); anything else is a bug and shows its stack.
import { ConfigError } from '../../platform/config.ts'
import { BackupError } from './common.ts'

export async function runCli (name: string, main: (argv: string[]) => Promise<void>) {
  try {
    await main(process.argv.slice(2))
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`${name}: configuration error: ${err.message}`)
      process.exit(2)
    }
    console.error(err instanceof BackupError ? `${name} failed: ${err.message}` : `${name} failed unexpectedly: ${(err as Error).stack ?? String(err)}`)
    process.exit(1)
  }
}
