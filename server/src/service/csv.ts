import { CsvError, parse } from 'csv-parse/sync';

/** CSV as people write it (RFC 4180 with a byte-order mark, any line ends), and one cell written back. */
export interface CsvRow {
  cells: string[];
  /** The 1-based line the row starts on. */
  line: number;
}

/**
 * The rows of a CSV text with the lines they start on; rows whose cells are all blank are left out.
 * Rows may differ in length, and a quote inside an unquoted cell is kept as a character.
 */
export function readCsvRows(text: string): { rows: CsvRow[]; problem?: string } {
  // One line end throughout: csv-parse takes the first one it meets for all, and a file edited on
  // two systems mixes them.
  const normalised = text.replace(/\r\n?/g, '\n');
  const rows: CsvRow[] = [];
  let lastEnd = 0;
  try {
    parse(normalised, {
      bom: true,
      record_delimiter: '\n',
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (cells: string[], context) => {
        // `lines` is where the row ends; the line breaks inside its quoted cells tell where it began
        const inside = cells.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
        lastEnd = context.lines;
        if (cells.some((c) => c.trim() !== '')) rows.push({ cells, line: context.lines - inside });
        return null;
      },
    });
  } catch (error) {
    return { rows, problem: csvProblem(error, normalised, lastEnd) };
  }
  return { rows };
}

function csvProblem(error: unknown, text: string, lastEnd: number): string {
  if (!(error instanceof CsvError)) return `The file cannot be read as CSV: ${String((error as Error)?.message ?? error)}`;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    // the open quote is in the row after the last one read: its first line that is not empty
    const lines = text.split('\n');
    let start = lastEnd;
    while (start < lines.length && lines[start] === '') start++;
    return `Line ${start + 1}: a quoted cell is never closed (a \`"\` is missing).`;
  }
  return `The file cannot be read as CSV: ${error.message}`;
}

/** A cell for a CSV row: quoted when it holds a quote, a comma or a line break. */
export function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
