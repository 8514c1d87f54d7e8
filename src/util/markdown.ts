/** Markdown helpers for tooltips and the details document: server-provided text is always escaped. */
import { t } from './l10n';
import { singleLine, truncate } from './sanitize';

/** Longest server text one Markdown field shows. */
const MAX_MARKDOWN_TEXT = 1000;

/**
 * Escapes text so Markdown renders it literally, on one line: no links, images, emphasis, code, HTML,
 * table cells, and no heading, list, quote or code block. Every line break (CR alone included, and
 * U+2028, U+2029, U+0085) and every control or bidi character becomes a space and leading spaces go,
 * so nothing can start a new block; characters that are special only at the start of a line are
 * escaped only there, so the raw text stays readable.
 */
export function escapeMarkdown(text: string, max = MAX_MARKDOWN_TEXT): string {
  return truncate(singleLine(text), max)
    .replace(/[\\`*_[\]<>|~]/g, c => `\\${c}`)
    .replace(/^([#+=-])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** A `**label:** value` line, the label in the display language and the value escaped; `—` for an empty value. */
export function field(label: string, value: string | number | undefined): string {
  const text = value === undefined || value === '' ? '—' : escapeMarkdown(String(value));
  return `**${t(label)}:** ${text}`;
}
