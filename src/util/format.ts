/** Small, locale-neutral formatting helpers for tree labels and tooltips (no `vscode` import). */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * A short duration such as `45 s`, `8 min 52 s`, `3 h 5 min` or `2 d 4 h`; `—` when unknown or negative.
 */
export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) {
    return '—';
  }
  if (ms < MINUTE) {
    return `${Math.floor(ms / SECOND)} s`;
  }
  if (ms < HOUR) {
    const s = Math.floor((ms % MINUTE) / SECOND);
    return `${Math.floor(ms / MINUTE)} min${s ? ` ${s} s` : ''}`;
  }
  if (ms < DAY) {
    const m = Math.floor((ms % HOUR) / MINUTE);
    return `${Math.floor(ms / HOUR)} h${m ? ` ${m} min` : ''}`;
  }
  const h = Math.floor((ms % DAY) / HOUR);
  return `${Math.floor(ms / DAY)} d${h ? ` ${h} h` : ''}`;
}

/** Earliest and latest epoch milliseconds taken for a real time (1990 to 2200); a server's 0 or 1e20 is "unknown". */
const EARLIEST = Date.UTC(1990, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

/** True for a time a training job can really have. */
function plausible(epochMs: number | undefined): epochMs is number {
  return epochMs !== undefined && Number.isFinite(epochMs) && epochMs >= EARLIEST && epochMs < LATEST;
}

/** How long ago `epochMs` was, e.g. `just now`, `5 min ago`, `3 h ago`, `12 d ago`; empty when unknown or absurd. */
export function formatAge(epochMs: number | undefined, now: number = Date.now()): string {
  if (!plausible(epochMs)) {
    return '';
  }
  const age = now - epochMs;
  if (age < MINUTE) {
    return 'just now';
  }
  if (age < HOUR) {
    return `${Math.floor(age / MINUTE)} min ago`;
  }
  if (age < DAY) {
    return `${Math.floor(age / HOUR)} h ago`;
  }
  if (age < 365 * DAY) {
    return `${Math.floor(age / DAY)} d ago`;
  }
  return `${Math.floor(age / (365 * DAY))} y ago`;
}

/** An absolute local time such as `2024-04-20 10:06:30`; `—` when unknown or absurd. */
export function formatTime(epochMs: number | undefined): string {
  if (!plausible(epochMs)) {
    return '—';
  }
  const d = new Date(epochMs);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** The text with its first letter upper case: a description such as `version "V1" of …` starting a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * `32 GB memory`: the `cpu` field of a version (its memory; the API gives a bare number, which
 * ModelArts's resource flavours, e.g. 8 vCPUs | 32 GB, measure in GB). Anything but a number is shown
 * as the service wrote it.
 */
export function memoryText(value: string): string {
  return /^\d+(\.\d+)?$/.test(value.trim()) ? `${value.trim()} GB memory` : `memory ${value}`;
}
