// Builds a parameterised WHERE clause from optional filters: values travel as parameters, never as text.

export function createWhere (params: unknown[] = []) {
  const conditions: string[] = []
  return {
    params,
    /** Adds a condition whose `?` takes the value as the next parameter. */
    add (sql: string, value: unknown) {
      params.push(value)
      conditions.push(sql.replace('?', `$${params.length}`))
    },
    /** Adds a condition without a value. */
    raw (sql: string) { conditions.push(sql) },
    /** Pushes a value and returns its placeholder, for conditions that use one value twice. */
    param (value: unknown) {
      params.push(value)
      return `$${params.length}`
    },
    get sql () { return conditions.length > 0 ? `where ${conditions.join(' and ')}` : '' }
  }
}

/** `text` for a LIKE pattern, its own `%`, `_` and `\` taken literally. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&')
/** A LIKE pattern matching `text` anywhere. */
export const containing = (text: string) => `%${escapeLike(text)}%`
