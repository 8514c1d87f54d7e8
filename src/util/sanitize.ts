/**
 * Text from a server is hostile until it is made safe for the surface it reaches: a job name, a
 * description, an `error_msg`, a `status_message` or a log line can come from a custom endpoint, a
 * TLS-intercepting gateway or a project member. One function per surface, applied where the text
 * enters the UI:
 *
 * - {@link forNotification}: a non-modal notification renders `[text](command:id?args)` as a link
 *   that runs the command with those arguments (VS Code's `parseLinkedText`); the link syntax is
 *   broken, so it shows as text.
 * - {@link forLine}: a modal's message, one line of its detail, a tree label or description, a
 *   QuickPick row: line breaks, control and bidi characters would draw fake lines or reorder what the
 *   user reads (U+202E can make "…exe.txt" read as "…txt.exe"), so they go; the length is capped.
 * - `escapeMarkdown` (in `markdown.ts`, built on {@link singleLine}): `MarkdownString` tooltips and the
 *   details document, where a lone CR, U+2028/2029/0085 or an indent would start a heading, a list or a
 *   code block.
 * - (the client itself keeps an `error_code` only when it looks like one: `serviceCode` in
 *   `src/client/parse.ts`.)
 *
 * No `vscode` import: unit-tested in plain Node.
 */

/** C0 and C1 control characters and DEL (tab, CR and LF included). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * Line and paragraph separators (U+2028, U+2029; U+0085 is a C1 control), bidirectional embeddings,
 * overrides, isolates and marks (U+202A–202E, U+2066–2069, U+200E, U+200F, U+061C), zero-width
 * characters that hide text or break up words that are matched (U+200B–200D, U+2060, U+FEFF), and
 * the interlinear annotation characters (U+FFF9–FFFB).
 */
const INVISIBLE = /[\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\u200b-\u200d\u2060\ufeff\ufff9-\ufffb]/g;

/** Longest server text a label, a picker row or one line of a dialog shows. */
export const MAX_LINE_LENGTH = 200;

/** Longest text a notification shows. */
export const MAX_NOTIFICATION_LENGTH = 1000;

/** Cuts `text` to `max` characters (never inside a surrogate pair), marking the cut with `…`. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) {
    end--;
  }
  return `${text.slice(0, end)}…`;
}

/**
 * `text` as one line: every control, line-break, bidi and invisible character replaced by a space,
 * runs of spaces collapsed, no leading or trailing space (so no indentation either).
 */
export function singleLine(text: string): string {
  return text.replace(CONTROL, ' ').replace(INVISIBLE, ' ').replace(/ {2,}/g, ' ').trim();
}

/**
 * One line of plain text for a modal's message or detail line, a tree label or description, or a
 * QuickPick row: no line break, control, bidi or zero-width character, at most `max` characters.
 */
export function forLine(text: string | undefined, max = MAX_LINE_LENGTH): string {
  return text === undefined ? '' : truncate(singleLine(String(text)), max);
}

/**
 * Text for a non-modal notification (`showErrorMessage` and the like): {@link forLine}'s rules with a
 * longer cap, and no Markdown link: `](` becomes `] (`, which VS Code's link syntax
 * (`[label](https:|command:|file:…)`) cannot match, so nothing in it can be clicked.
 */
export function forNotification(text: string | undefined, max = MAX_NOTIFICATION_LENGTH): string {
  return forLine(text, max).replace(/\]\s*\(/g, '] (');
}
