/**
 * Follow Log: a running version's (or v2 task's) log read again and again, only what is new each
 * time, appended in order with no line missed or repeated. It reads every 2 s while new lines come,
 * backs off to 30 s when none do (and stays at 30 s while its editor is hidden or the window is not
 * focused), and reads the run's status only after a read that found nothing new: when the run has
 * ended, it reads the last lines once more and stops. It can be paused and resumed (resuming reads on
 * from where it was), and stops for good when its editor closes.
 */
import { AuthenticationError, CancelledError, PermissionError } from '../client/errors';
import type { Logger } from '../util/logger';
import type { FollowSource } from './logSources';
import type { LiveClock } from './liveStatus';

/** The first wait after new lines, and the longest (also the rate while hidden or unfocused). */
export const FOLLOW_FIRST_DELAY_MS = 2_000;
export const FOLLOW_MAX_DELAY_MS = 30_000;
/** How many lines the document keeps; older ones are dropped as new ones come. */
export const FOLLOW_MAX_LINES = 20_000;
/** Failed reads in a row before following gives up. */
const MAX_FAILURES = 5;

export type FollowPhase = 'waiting' | 'following' | 'paused' | 'ended' | 'stopped' | 'failed';

/** The run's status, read when the log had nothing new. */
export interface RunStatus {
  /** The run has ended (or no longer exists): nothing more will be written. */
  readonly ended: boolean;
  /** Its status in words (`Running`, `Failed`). */
  readonly label: string;
  /** Why it failed, when it did and ModelArts says. */
  readonly reason?: string;
}

/** What a follower needs. */
export interface LogFollowerDeps {
  readonly source: FollowSource;
  /** Reads the run's status (one request). */
  status(signal: AbortSignal): Promise<RunStatus>;
  /** The lines or the phase changed (the document redraws). */
  onChange(): void;
  /** True while its editor is visible and the window focused (else it reads at the slowest rate). */
  fast(): boolean;
  readonly logger: Logger;
  /** How the user knows it, for the log: `version "V0002" of training job "x" (ID 1), file x.0`. */
  readonly label: string;
  readonly clock?: LiveClock;
  readonly maxLines?: number;
}

const REAL_CLOCK: LiveClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: handle => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** One followed log. */
export class LogFollower {
  /** The lines kept, oldest first (log lines, and a note where a gap or a new start is). */
  readonly lines: string[] = [];
  /** Lines dropped from the front to stay within the limit. */
  dropped = 0;
  phase: FollowPhase = 'waiting';
  /** How the run ended, once it has. */
  ended?: RunStatus;
  /** The last failed read, while retrying or once given up. */
  error?: string;
  /** Reads sent (log and status), for the bench and the tests. */
  requests = 0;
  /** Older lines: there may be more (`more`), this is the start (`start`), or they cannot be read here (`none`). */
  older: 'more' | 'start' | 'none' = 'none';
  private delay = FOLLOW_FIRST_DELAY_MS;
  /** When the last read ended; undefined: read at once. */
  private lastReadAt?: number;
  private failures = 0;
  private timer: unknown;
  private current: Promise<void> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly clock: LiveClock;
  private readonly maxLines: number;

  constructor(private readonly deps: LogFollowerDeps) {
    this.clock = deps.clock ?? REAL_CLOCK;
    this.maxLines = deps.maxLines ?? FOLLOW_MAX_LINES;
  }

  /** True until it has stopped for good (ended, stopped, failed). */
  get active(): boolean {
    return this.phase === 'waiting' || this.phase === 'following' || this.phase === 'paused';
  }

  /** Starts reading now. */
  start(): void {
    this.arm();
  }

  /** Stops reading until {@link resume}; true when it was reading. */
  pause(): boolean {
    if (this.phase !== 'waiting' && this.phase !== 'following') {
      return false;
    }
    this.phase = 'paused';
    this.disarm();
    this.deps.onChange();
    return true;
  }

  /** Reads on from where it was, now; true when it was paused. */
  resume(): boolean {
    if (this.phase !== 'paused') {
      return false;
    }
    this.phase = this.lines.length === 0 ? 'waiting' : 'following';
    this.delay = FOLLOW_FIRST_DELAY_MS;
    this.lastReadAt = undefined;
    this.deps.onChange();
    this.arm();
    return true;
  }

  /** Stops for good (its editor closed, signed out). */
  stop(): void {
    if (this.active) {
      this.phase = 'stopped';
    }
    this.disarm();
    this.abort.abort();
  }

  /** The editor became visible or hidden, or the window gained or lost focus: the next read moves to its new time. */
  wake(): void {
    if (this.timer !== undefined) {
      this.arm();
    }
  }

  /** Settles when the read under way is done (tests on a fake clock wait for it). */
  settled(): Promise<void> {
    return this.current;
  }

  /** Reads up to a page of the lines before the first kept, and puts them first; how many. */
  async readOlder(): Promise<number> {
    const { source } = this.deps;
    if (this.older !== 'more' || !source.older) {
      return 0;
    }
    this.requests++;
    const page = await source.older(this.abort.signal);
    this.lines.unshift(...page.lines);
    this.older = page.atStart ? 'start' : 'more';
    this.deps.onChange();
    return page.lines.length;
  }

  /** Sets the timer of the next read: its wait after the last read (the slowest while not fast), or at once. */
  private arm(): void {
    this.disarm();
    if (this.abort.signal.aborted || (this.phase !== 'waiting' && this.phase !== 'following')) {
      return;
    }
    const wait = this.deps.fast() ? this.delay : FOLLOW_MAX_DELAY_MS;
    const due = this.lastReadAt === undefined ? 0 : Math.max(0, this.lastReadAt + wait - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.current = this.poll();
    }, due);
  }

  private disarm(): void {
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** One read of what is new; after one that found nothing, the run's status. */
  private async poll(): Promise<void> {
    if (this.phase !== 'waiting' && this.phase !== 'following') {
      return;
    }
    try {
      const added = await this.readNew();
      this.failures = 0;
      this.error = undefined;
      if (added.more) {
        this.lastReadAt = undefined;
        this.arm();
        return;
      }
      if (added.count > 0) {
        this.delay = FOLLOW_FIRST_DELAY_MS;
      } else {
        this.requests++;
        const status = await this.deps.status(this.abort.signal);
        if (status.ended) {
          await this.finish(status);
          return;
        }
        this.delay = Math.min(this.delay * 2, FOLLOW_MAX_DELAY_MS);
      }
    } catch (error) {
      if (this.failed(error)) {
        return;
      }
    }
    this.lastReadAt = this.clock.now();
    this.arm();
  }

  /** Reads and appends what is new: how many lines, and whether more are waiting. */
  private async readNew(): Promise<{ count: number; more: boolean }> {
    const first = this.phase === 'waiting';
    this.requests++;
    const read = await this.deps.source.next(this.abort.signal);
    this.requests += read.extraRequests ?? 0;
    if (this.abort.signal.aborted || (this.phase !== 'waiting' && this.phase !== 'following')) {
      return { count: 0, more: false };
    }
    const lines = [...read.notes ?? [], ...read.lines];
    if (read.notReady && lines.length === 0) {
      return { count: 0, more: false };
    }
    if (first) {
      this.phase = 'following';
      this.older = read.olderState ?? 'none';
    }
    this.append(lines);
    if (first || lines.length > 0) {
      this.deps.onChange();
    }
    return { count: lines.length, more: read.more === true };
  }

  private append(lines: readonly string[]): void {
    for (const line of lines) {
      this.lines.push(line);
    }
    const over = this.lines.length - this.maxLines;
    if (over > 0) {
      this.lines.splice(0, over);
      this.dropped += over;
      this.older = 'none';
    }
  }

  /** The run ended: the last lines, then done. */
  private async finish(status: RunStatus): Promise<void> {
    for (let more = true; more;) {
      ({ more } = await this.readNew());
    }
    this.append(this.deps.source.finish?.() ?? []);
    if (this.phase === 'waiting' || this.phase === 'following') {
      this.phase = 'ended';
      this.ended = status;
      this.deps.logger.info(`Follow Log: ${this.deps.label} ended (${status.label}); no more lines will be read.`);
      this.deps.onChange();
    }
  }

  /** Counts a failed read; true when following gives up (after several, or at once for credentials). */
  private failed(error: unknown): boolean {
    if (error instanceof CancelledError || this.abort.signal.aborted) {
      this.stop();
      return true;
    }
    this.failures++;
    this.error = message(error);
    const fatal = error instanceof AuthenticationError || error instanceof PermissionError || this.failures >= MAX_FAILURES;
    this.deps.logger.warn(`Follow Log: could not read ${this.deps.label}${fatal ? '; gave up' : ', will retry'}: ${this.error}`);
    if (fatal) {
      this.phase = 'failed';
      this.disarm();
    }
    this.delay = Math.min(this.delay * 2, FOLLOW_MAX_DELAY_MS);
    this.deps.onChange();
    return fatal;
  }
}
