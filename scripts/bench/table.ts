/**
 * The rows the benchmark prints and their Markdown table: each figure of this project beside its
 * alternative measured in the same run, with the ratio between them.
 */
import { formatSummary, Summary, Unit } from './stats';

/** One measured figure. */
export interface Figure {
  readonly summary: Summary;
  readonly unit: Unit;
}

/** One line of the table. */
export interface Row {
  readonly section: string;
  readonly measure: string;
  readonly ours: Figure | string;
  /** What the alternative is, e.g. "node-fetch@2 without the alias". */
  readonly alternativeLabel?: string;
  readonly alternative?: Figure | string;
  /** Whether a lower or a higher number is the better one; decides the wording of the ratio. */
  readonly better?: 'lower' | 'higher';
  readonly target?: string;
}

/** A failure that makes the benchmark exit non-zero (a wrong delete, a crash of a section). */
export interface Failure {
  readonly section: string;
  readonly message: string;
}

function cell(value: Figure | string | undefined): string {
  if (value === undefined) {
    return '–';
  }
  return typeof value === 'string' ? value : formatSummary(value.summary, value.unit);
}

/** `ours ÷ alternative` of the medians, worded so the reader sees which side wins and by how much. */
export function ratioCell(row: Row): string {
  if (typeof row.ours === 'string' || row.alternative === undefined || typeof row.alternative === 'string') {
    return '–';
  }
  const ours = row.ours.summary.median;
  const alt = row.alternative.summary.median;
  if (alt === 0 || ours === 0) {
    return '–';
  }
  const ratio = ours / alt;
  const text = `${ratio.toFixed(2)}`;
  if (row.better === undefined || Math.abs(ratio - 1) < 0.005) {
    return text;
  }
  const wins = row.better === 'lower' ? ratio < 1 : ratio > 1;
  const factor = ratio < 1 ? 1 / ratio : ratio;
  return `${text} (${factor.toFixed(1)}× ${wins ? 'better' : 'worse'})`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** The rows as a Markdown table ready for the README. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['Section', 'Measure', 'This extension', 'Alternative (same run)', 'Ratio (ours ÷ alt)', 'Target'];
  const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
  let lastSection = '';
  for (const row of rows) {
    const section = row.section === lastSection ? '' : `**${row.section}**`;
    lastSection = row.section;
    const alternative = row.alternative === undefined
      ? '–'
      : `${cell(row.alternative)}${row.alternativeLabel ? `: ${row.alternativeLabel}` : ''}`;
    const cells = [section, row.measure, cell(row.ours), alternative, ratioCell(row), row.target ?? ''];
    lines.push(`| ${cells.map(escape).join(' | ')} |`);
  }
  return lines.join('\n');
}
