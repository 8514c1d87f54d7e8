/** Small formatting helpers for tree labels and tooltips, in the display language (no `vscode` import). */
import { t } from './l10n';

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
    return t('{0} s', Math.floor(ms / SECOND));
  }
  if (ms < HOUR) {
    const s = Math.floor((ms % MINUTE) / SECOND);
    return s ? t('{0} min {1} s', Math.floor(ms / MINUTE), s) : t('{0} min', Math.floor(ms / MINUTE));
  }
  if (ms < DAY) {
    const m = Math.floor((ms % HOUR) / MINUTE);
    return m ? t('{0} h {1} min', Math.floor(ms / HOUR), m) : t('{0} h', Math.floor(ms / HOUR));
  }
  const h = Math.floor((ms % DAY) / HOUR);
  return h ? t('{0} d {1} h', Math.floor(ms / DAY), h) : t('{0} d', Math.floor(ms / DAY));
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
    return t('just now');
  }
  if (age < HOUR) {
    return t('{0} min ago', Math.floor(age / MINUTE));
  }
  if (age < DAY) {
    return t('{0} h ago', Math.floor(age / HOUR));
  }
  if (age < 365 * DAY) {
    return t('{0} d ago', Math.floor(age / DAY));
  }
  return t('{0} y ago', Math.floor(age / (365 * DAY)));
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
