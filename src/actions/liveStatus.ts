/**
 * Live status: what is in a transitional status (queued, initialising, running, stopping…) is read
 * again by itself, each item on its own back-off (5 s, doubling to 60 s, back to 5 s when its status
 * changes), and only while the view is visible and the window focused: hidden, it costs nothing.
 * Watched items are read too while hidden, at the slowest rate, until they end; then `onEnded` tells.
 */
import type { Logger } from '../util/logger';

/** One item whose status may change by itself. */
export interface LiveItem {
  /** Unique: `v1job/{jobId}`, `v1version/{jobId}/{versionId}`, `v2job/{jobId}`. */
  readonly key: string;
  readonly kind: 'v1job' | 'v1version' | 'v2job';
  readonly jobId: string;
  readonly versionId?: string;
  /** How the user knows it: `version "V0003" of training job "x" (ID 1)`. */
  readonly label: string;
  /** Its status as shown now (a code or a phase, as text): a read that differs resets the back-off. */
  readonly status?: string;
}

/** An item read again. */
export interface LiveRead {
  /** Its status now (a code or a phase, as text): a change resets its back-off. */
  readonly status: string;
  /** Still in a transitional status. */
  readonly active: boolean;
  /** No longer exists. */
  readonly gone?: boolean;
  /** How it ended, in words, when it ended (`Failed`, `Completed`). */
  readonly ended?: string;
  /** Why it failed, when it did and the answer says (no extra request). */
  readonly reason?: string;
}

/** The clock; tests drive a fake one. */
export interface LiveClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** What live status needs. */
export interface LiveStatusDeps {
  /** The items in a transitional status as the tree shows them now (loaded rows only). */
  items(): readonly LiveItem[];
  /** Reads one item afresh and shows it (the tree redraws just that node). Rejects on a failed read. */
  read(item: LiveItem, signal: AbortSignal): Promise<LiveRead>;
  /** The setting: off, only watched items are read. */
  enabled(): boolean;
  /** A watched item ended (or is gone): told once. */
  onEnded(item: LiveItem, read: LiveRead): void;
  /** The set of watched items changed (the tree redraws their rows). */
  onWatchChanged?(key: string): void;
  readonly logger: Logger;
  readonly clock?: LiveClock;
}

/** The first wait, and the longest (also the rate of watched items while the view is hidden). */
export const LIVE_FIRST_DELAY_MS = 5_000;
export const LIVE_MAX_DELAY_MS = 60_000;

interface Schedule {
  item: LiveItem;
  delay: number;
  dueAt: number;
  status?: string;
}

const REAL_CLOCK: LiveClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Re-reads what may change by itself; built once in the composition root. */
export class LiveStatus {
  private readonly schedules = new Map<string, Schedule>();
  private readonly watched = new Map<string, LiveItem>();
  private readonly clock: LiveClock;
  private visible = false;
  private focused = true;
  private timer: unknown;
  private running = false;
  private current: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  /** Reads sent so far (the bench counts them). */
  reads = 0;

  constructor(private readonly deps: LiveStatusDeps) {
    this.clock = deps.clock ?? REAL_CLOCK;
  }

  /** The view became visible or hidden. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    this.wake();
  }

  /** The window gained or lost focus. */
  setFocused(focused: boolean): void {
    this.focused = focused;
    this.wake();
  }

  /** Watches `item` until it ends (then `onEnded`), even while the view is hidden. */
  watch(item: LiveItem): void {
    this.watched.set(item.key, item);
    this.deps.onWatchChanged?.(item.key);
    this.wake();
  }

  /** Stops watching; true when it was watched. */
  unwatch(key: string): boolean {
    const was = this.watched.delete(key);
    if (was) {
      this.deps.onWatchChanged?.(key);
      this.wake();
    }
    return was;
  }

  /** Settles when the reads under way are done (tests on a fake clock wait for it). */
  settled(): Promise<void> {
    return this.current;
  }

  isWatched(key: string): boolean {
    return this.watched.has(key);
  }

  /** Forgets every watch and schedule (signed out, another connection: the rows are gone). */
  clear(): void {
    const keys = [...this.watched.keys()];
    this.watched.clear();
    this.schedules.clear();
    keys.forEach(key => this.deps.onWatchChanged?.(key));
    this.wake();
  }

  /** The items may have changed (the tree redrew): reschedules. */
  wake(): void {
    if (this.running) {
      return;
    }
    this.syncSchedules();
    this.arm();
  }

  dispose(): void {
    this.abort.abort();
    this.disarm();
    this.watched.clear();
    this.schedules.clear();
  }

  /** True while the transitional items are read (not only watched ones). */
  private get live(): boolean {
    return this.visible && this.focused && this.deps.enabled();
  }

  /** Keeps one schedule per item to read: every transitional item while live, watched ones always. */
  private syncSchedules(): void {
    const now = this.clock.now();
    const wanted = new Map<string, LiveItem>(this.watched);
    if (this.live) {
      this.deps.items().forEach(item => wanted.set(item.key, item));
    }
    for (const key of this.schedules.keys()) {
      if (!wanted.has(key)) {
        this.schedules.delete(key);
      }
    }
    for (const [key, item] of wanted) {
      if (!this.schedules.has(key)) {
        this.schedules.set(key, { item, delay: LIVE_FIRST_DELAY_MS, dueAt: now + LIVE_FIRST_DELAY_MS, status: item.status });
      }
    }
  }

  /** When an item is next read: hidden (or unfocused), watched items go at the slowest rate. */
  private dueAt(schedule: Schedule): number {
    return this.live ? schedule.dueAt : Math.max(schedule.dueAt, schedule.dueAt - schedule.delay + LIVE_MAX_DELAY_MS);
  }

  private arm(): void {
    this.disarm();
    if (this.abort.signal.aborted || this.schedules.size === 0) {
      return;
    }
    const next = Math.min(...[...this.schedules.values()].map(s => this.dueAt(s)));
    this.timer = this.clock.setTimeout(() => {
      this.current = this.round();
    }, Math.max(0, next - this.clock.now()));
  }

  private disarm(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Reads every item that is due, one at a time, then reschedules. */
  private async round(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    try {
      const now = this.clock.now();
      const due = [...this.schedules.values()].filter(s => this.dueAt(s) <= now);
      for (const schedule of due) {
        if (this.abort.signal.aborted) {
          return;
        }
        await this.readOne(schedule);
      }
    } finally {
      this.running = false;
    }
    this.wake();
  }

  private async readOne(schedule: Schedule): Promise<void> {
    const { item } = schedule;
    let read: LiveRead;
    try {
      this.reads++;
      read = await this.deps.read(item, this.abort.signal);
    } catch (error) {
      this.deps.logger.warn(`Live status: could not read ${item.label} again: ${String(error instanceof Error ? error.message : error)}`);
      schedule.delay = Math.min(schedule.delay * 2, LIVE_MAX_DELAY_MS);
      schedule.dueAt = this.clock.now() + schedule.delay;
      return;
    }
    const changed = schedule.status !== undefined && read.status !== schedule.status;
    schedule.status = read.status;
    schedule.delay = changed ? LIVE_FIRST_DELAY_MS : Math.min(schedule.delay * 2, LIVE_MAX_DELAY_MS);
    schedule.dueAt = this.clock.now() + schedule.delay;
    if (!read.active || read.gone) {
      this.schedules.delete(item.key);
      if (this.watched.delete(item.key)) {
        this.deps.onWatchChanged?.(item.key);
        this.deps.onEnded(item, read);
      }
    }
  }
}
