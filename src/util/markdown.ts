/** Markdown helpers for tooltips and the details document: server-provided text is always escaped. */

/**
 * Escapes text so Markdown renders it literally: no links, images, emphasis, code, HTML, table cells,
 * and no heading, list or quote when it starts a line. Characters that are special only at the start
 * of a line are escaped only there, so the raw text stays readable.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|~]/g, c => `\\${c}`)
    .replace(/^(\s*)([#+=-])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** A `**label:** value` line, the value escaped; `—` for an empty value. */
export function field(label: string, value: string | number | undefined): string {
  const text = value === undefined || value === '' ? '—' : escapeMarkdown(String(value));
  return `**${label}:** ${text}`;
}
