/**
 * Pages of a growing log, made exact: no line twice, none missed. Two kinds of answer come back.
 * - **Line pages** (v1 `aom-log`, the v2 line-paged log) carry opaque cursors for their first and last
 *   lines. Whether a page read from a cursor includes the cursor's own line is not documented, so both
 *   readings are handled: a page that starts (or ends) on the cursor drops that line.
 * - **A preview** (the v2 log's newest few MB) carries the log's whole size: what is new since the
 *   last read is the last `full_size - previous` bytes of the preview. A line still being written is
 *   held back until its newline arrives.
 */

/** What both line APIs answer: content and the cursors of its first and last lines. */
export interface RawLinePage {
  readonly content: string;
  readonly startLine: string;
  readonly endLine: string;
}

/** A page as lines, with the cursors of its first and last lines when known. */
export interface LinePage {
  readonly lines: readonly string[];
  readonly first?: string;
  readonly last?: string;
}

/** The lines of a log text: split on newlines, without the final empty one, carriage returns removed. */
export function splitLines(content: string): string[] {
  if (content === '') {
    return [];
  }
  const lines = content.split('\n');
  if (lines.at(-1) === '') {
    lines.pop();
  }
  return lines.map(line => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** A line page as ModelArts sent it; empty cursors are unknown. */
export function linePage(raw: RawLinePage): LinePage {
  const lines = splitLines(raw.content);
  return lines.length === 0 ? { lines } : { lines, first: raw.startLine || undefined, last: raw.endLine || undefined };
}

/** The lines after `cursor` in a page read forward from it (its own line dropped if the page repeats it). */
export function newerThan(page: LinePage, cursor: string): LinePage {
  if (page.lines.length > 0 && page.first === cursor) {
    const lines = page.lines.slice(1);
    return lines.length === 0 ? { lines } : { lines, last: page.last };
  }
  return page;
}

/** The lines before `cursor` in a page read backward from it (its own line dropped if the page repeats it). */
export function olderThan(page: LinePage, cursor: string): LinePage {
  if (page.lines.length > 0 && page.last === cursor) {
    const lines = page.lines.slice(0, -1);
    return lines.length === 0 ? { lines } : { lines, first: page.first };
  }
  return page;
}

/** What a preview follower remembers: the log's size at the last read, and a line not yet ended. */
export interface PreviewState {
  readonly size: number;
  readonly partial: string;
}

/** A preview's answer: the newest part of the log, and the whole log's size when given. */
export interface PreviewRead {
  readonly content: string;
  readonly fullSize?: number;
}

/** What a preview adds since the last read. */
export interface PreviewDelta {
  /** Whole new lines, in order. */
  readonly lines: readonly string[];
  /** Bytes written since the last read that the preview no longer holds (a gap, said in the log). */
  readonly skippedBytes: number;
  /** The log is shorter than before: it was written anew (lines start over). */
  readonly restarted: boolean;
  readonly state: PreviewState;
}

/**
 * What `read` adds to what `previous` saw. The first read takes the whole preview. A preview the same
 * size adds nothing; a larger one adds its last `size - previous.size` bytes (or all of it, with the
 * rest counted as skipped, when more was written than it holds); a smaller one starts over.
 */
export function previewDelta(previous: PreviewState | undefined, read: PreviewRead): PreviewDelta {
  const bytes = Buffer.from(read.content, 'utf8');
  const size = read.fullSize !== undefined && Number.isSafeInteger(read.fullSize) && read.fullSize >= 0 ? read.fullSize : bytes.length;
  const restarted = previous !== undefined && size < previous.size;
  let text: string;
  let skippedBytes = 0;
  let partial = previous?.partial ?? '';
  if (previous === undefined || restarted) {
    text = read.content;
    partial = '';
  } else if (size === previous.size) {
    return { lines: [], skippedBytes: 0, restarted: false, state: previous };
  } else {
    const added = size - previous.size;
    if (added <= bytes.length) {
      text = bytes.subarray(bytes.length - added).toString('utf8');
    } else {
      skippedBytes = added - bytes.length;
      text = read.content;
      partial = '';
    }
  }
  const lines = (partial + text).split('\n');
  const rest = lines.pop() ?? '';
  return {
    lines: lines.map(line => (line.endsWith('\r') ? line.slice(0, -1) : line)),
    skippedBytes,
    restarted,
    state: { size, partial: rest },
  };
}
