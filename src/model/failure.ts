/**
 * Why a run failed, as pure functions: the lines of a log that say so (the last ones naming an error,
 * an exception, a traceback or an exit code; else the last lines), and the newest error event.
 */
import type { V2Event } from '../client/v2Types';

const ERROR_LINE = /\b(error|exception|traceback|fatal|killed|out of memory|exit(ed)? (with )?code)\b/i;

/** Up to `max` lines that say why: the last ones that name an error, else the last non-empty ones; in log order. */
export function errorLines(lines: readonly string[], max = 3): string[] {
  const text = lines.map(line => line.trim()).filter(Boolean);
  const errors = text.filter(line => ERROR_LINE.test(line));
  return (errors.length > 0 ? errors : text).slice(-max);
}

/** The newest event at level Error (events in any order), if any. */
export function newestError(events: readonly V2Event[]): V2Event | undefined {
  const errors = events.filter(e => /^error$/i.test(e.level));
  return errors.reduce<V2Event | undefined>((newest, e) => (newest === undefined || (e.time ?? 0) > (newest.time ?? 0) ? e : newest), undefined);
}
