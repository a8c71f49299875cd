/**
 * The CSV files the `vigil` commands read: a header row naming the columns (any case, any
 * order, extra columns ignored), then one record a row. Every problem is an InputError of one
 * line naming the file, the line and what is allowed.
 */
import { readFileSync } from 'node:fs'

/** A problem with the input file: one line, exit 2. */
export class InputError extends Error {}

/** One data row of a table: its cells by column name, read as text, number or time. */
export interface Row {
  readonly line: number
  error(message: string): InputError
  text(column: string): string | null
  number(column: string, required: boolean): number | null
  time(column: string): number | null
}

/** Reads a CSV file with a header row; names are matched without case or surrounding spaces. */
export function readTable(file: string, required: readonly string[]) {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    const why =
      code === 'ENOENT'
        ? 'there is no such file'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message
    throw new InputError(`cannot read ${file}: ${why}.`)
  }
  const records = parseCsv(text, file)
  const header = records[0]
  if (!header) throw new InputError(`${file} is empty: it needs a header row naming its columns.`)
  const columns = header.cells.map((c) => c.trim().toLowerCase())
  for (const [i, name] of columns.entries()) {
    if (columns.indexOf(name) !== i)
      throw new InputError(`${file} line 1: the column "${name}" appears twice.`)
  }
  for (const name of required) {
    if (!columns.includes(name))
      throw new InputError(
        `${file} has no ${name} column (its header: ${columns.join(', ') || 'empty'}).`,
      )
  }
  const rows = records.slice(1).map((record): Row => {
    if (record.cells.length > columns.length)
      throw new InputError(
        `${file} line ${record.line}: ${record.cells.length} cells, but the header names ${columns.length} columns.`,
      )
    const cell = (column: string): string => {
      const i = columns.indexOf(column)
      return i < 0 ? '' : (record.cells[i] ?? '').trim()
    }
    const row: Row = {
      line: record.line,
      error: (message) => new InputError(`${file} line ${record.line}: ${message}.`),
      text: (column) => cell(column) || null,
      number(column, needed) {
        const raw = cell(column)
        if (raw === '') {
          if (needed) throw row.error(`${column} is empty`)
          return null
        }
        const value = parseNumber(raw)
        if (value === null) throw row.error(`${column} "${raw}" is not a number`)
        return value
      },
      time(column) {
        const raw = cell(column)
        if (raw === '') return null
        const value = parseTime(raw)
        if (value === null)
          throw row.error(
            `${column} "${raw}" is not a time (use ISO 8601 such as 2026-01-05T14:30:00Z, or epoch milliseconds)`,
          )
        return value
      },
    }
    return row
  })
  return { columns, rows }
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i

/** A plain decimal number (exponent allowed); null for anything else, or beyond float range. */
export function parseNumber(raw: string): number | null {
  const trimmed = raw.trim()
  if (!NUMBER.test(trimmed)) return null
  const value = Number(trimmed)
  return Number.isFinite(value) ? value : null
}

const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i

/** Epoch milliseconds, or an ISO 8601 date or time (no zone = UTC); null for anything else. */
export function parseTime(raw: string): number | null {
  if (/^\d+$/.test(raw)) return Number(raw)
  const match = ISO_TIME.exec(raw)
  if (!match) return null
  const iso = raw.replace(' ', 'T')
  const value = Date.parse(match[1] === undefined && iso.includes('T') ? `${iso}Z` : iso)
  return Number.isNaN(value) ? null : value
}

/**
 * RFC 4180 CSV: quoted fields (with "" for a quote, commas and line breaks inside), CRLF or LF,
 * a byte-order mark, blank lines skipped. Each record remembers the line it starts on.
 * Written here because the need is small and the project has no CSV dependency.
 */
function parseCsv(text: string, file: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = []
  let cells: string[] = []
  let field = ''
  let line = 1
  let start = 1
  let quoted = false
  let afterQuote = false
  // A record of one quoted empty field ("") is a row, not a blank line.
  let sawQuote = false
  const endRecord = () => {
    cells.push(field)
    if (cells.length > 1 || cells[0] !== '' || sawQuote) records.push({ line: start, cells })
    cells = []
    field = ''
    afterQuote = false
    sawQuote = false
  }
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const c = text[i] as string
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"'
          i++
        } else {
          quoted = false
          afterQuote = true
        }
      } else {
        if (c === '\n') line++
        field += c
      }
    } else if (c === ',') {
      cells.push(field)
      field = ''
      afterQuote = false
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRecord()
      start = ++line
    } else if (afterQuote) {
      throw new InputError(
        `${file} line ${line}: text after a closing quote; write "" for a quote.`,
      )
    } else if (c === '"' && field === '') {
      quoted = true
      sawQuote = true
    } else {
      field += c
    }
  }
  if (quoted) throw new InputError(`${file} line ${start}: a quoted field is never closed.`)
  endRecord()
  return records
}
