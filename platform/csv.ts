// CSV text the API hands out (the rescue figures), safe to open in a spreadsheet. Excel, LibreOffice and WPS
// read a cell that begins with = + - @ as a formula, and some skip a leading tab or carriage return before
// looking: a district or a firm named "=HYPERLINK(…)" would run in the reader's spreadsheet (OWASP, "CSV
// injection"). Such a text cell gets a leading apostrophe, which spreadsheets take as "this is text" and do
// not show. Numbers are left alone: -3 is a value, not a formula. Pure: no imports.

const FORMULA_START = /^[=+\-@\t\r]/

/** One cell: neutralised if it could be a formula, quoted if it holds a comma, a quote or a line break. */
export function csvCell (value: unknown): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (typeof value !== 'number' && FORMULA_START.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

/** One line of cells, without its line break. */
export function csvLine (values: readonly unknown[]): string {
  return values.map(csvCell).join(',')
}
