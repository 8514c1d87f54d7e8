/**
 * Where Follow Log reads new lines. A line source follows the cursor of the last line read (the v1
 * `aom-log`, the v2 line-paged log); a preview source diffs the v2 preview by the log's size (where the
 * line-paged log does not exist). Each hands the follower only lines it has not seen.
 */
import { InvalidResponseError, ModelArtsError } from '../client/errors';
import type { ModelArtsApi } from '../client/types';
import { UNSUPPORTED } from '../client/v2Types';
import { linePage, newerThan, type LinePage, olderThan, previewDelta, type PreviewRead, type PreviewState, type RawLinePage } from '../model/logPages';

/** The most lines one read asks for (both APIs' maximum). */
export const FOLLOW_PAGE_LINES = 500;
/** Pages read in a row before the follower is given what it has (it asks again at once). */
const PAGES_PER_READ = 10;

/** What one read found. */
export interface FollowRead {
  /** New lines, oldest first. */
  readonly lines: readonly string[];
  /** Notes to put before them (a gap, a log written anew). */
  readonly notes?: readonly string[];
  /** The log does not exist yet (the run has not started writing it). */
  readonly notReady?: boolean;
  /** More lines are waiting: read again at once. */
  readonly more?: boolean;
  /** At the first lines: whether older ones exist and can be read. */
  readonly olderState?: 'more' | 'start' | 'none';
  /** Requests sent beyond the first. */
  readonly extraRequests?: number;
}

/** A log that grows. */
export interface FollowSource {
  /** What is new since the last read (the newest page at first). */
  next(signal: AbortSignal): Promise<FollowRead>;
  /** Up to a page of the lines before the first read; absent when this source cannot. */
  older?(signal: AbortSignal): Promise<{ readonly lines: readonly string[]; readonly atStart: boolean }>;
  /** A last line without its newline, once the run has ended. */
  finish?(): readonly string[];
}

/** Reads line pages: the newest, after a cursor, before a cursor (undefined: the log is not ready). */
export interface LineReader {
  newest(count: number, signal: AbortSignal): Promise<RawLinePage | undefined>;
  after(cursor: string, count: number, signal: AbortSignal): Promise<RawLinePage | undefined>;
  before(cursor: string, count: number, signal: AbortSignal): Promise<RawLinePage | undefined>;
}

function noCursors(): InvalidResponseError {
  return new InvalidResponseError('ModelArts sent log lines without their line cursors, so new lines cannot be told from lines already shown.');
}

/** Follows a line-paged log by the cursor of its last line read. */
export class LineFollowSource implements FollowSource {
  private first?: string;
  private last?: string;

  constructor(private readonly reader: LineReader, private readonly pageLines = FOLLOW_PAGE_LINES) {}

  async next(signal: AbortSignal): Promise<FollowRead> {
    if (this.last === undefined) {
      const raw = await this.reader.newest(this.pageLines, signal);
      const page = raw && linePage(raw);
      if (!page || page.lines.length === 0) {
        return { lines: [], notReady: true };
      }
      if (page.last === undefined) {
        throw noCursors();
      }
      [this.first, this.last] = [page.first, page.last];
      return { lines: page.lines, olderState: page.lines.length < this.pageLines ? 'start' : page.first === undefined ? 'none' : 'more' };
    }
    const lines: string[] = [];
    let last: string = this.last;
    for (let pages = 1; ; pages++) {
      const raw = await this.reader.after(last, this.pageLines, signal);
      const page: LinePage = raw ? newerThan(linePage(raw), last) : { lines: [] };
      if (page.lines.length > 0 && page.last === undefined) {
        throw noCursors();
      }
      lines.push(...page.lines);
      last = page.last ?? last;
      this.last = last;
      const full = raw !== undefined && linePage(raw).lines.length >= this.pageLines;
      if (!full || pages >= PAGES_PER_READ) {
        return { lines, more: full, extraRequests: pages - 1 };
      }
    }
  }

  async older(signal: AbortSignal): Promise<{ lines: readonly string[]; atStart: boolean }> {
    if (this.first === undefined) {
      return { lines: [], atStart: true };
    }
    const raw = await this.reader.before(this.first, this.pageLines, signal);
    const page = raw ? olderThan(linePage(raw), this.first) : { lines: [] };
    this.first = page.first;
    const atStart = page.lines.length === 0 || page.first === undefined || (raw !== undefined && linePage(raw).lines.length < this.pageLines);
    return { lines: page.lines, atStart };
  }
}

/** Size in words: `1.2 MB`, `340 KB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  }
  return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** The note put in a log where lines are missing or start over. */
export const FOLLOW_NOTE_PREFIX = '[ModelArts Training Jobs]';

/** Follows a log by its preview (the newest few MB), taking only the bytes added since the last read. */
export class PreviewFollowSource implements FollowSource {
  private state?: PreviewState;

  constructor(private readonly read: (signal: AbortSignal) => Promise<PreviewRead | undefined>, private readonly firstLines = FOLLOW_PAGE_LINES) {}

  async next(signal: AbortSignal): Promise<FollowRead> {
    const read = await this.read(signal);
    if (!read) {
      return { lines: [], notReady: true };
    }
    const first = this.state === undefined;
    const delta = previewDelta(this.state, read);
    this.state = delta.state;
    if (first) {
      return delta.lines.length === 0 ? { lines: [], notReady: true } : { lines: delta.lines.slice(-this.firstLines), olderState: 'none' };
    }
    const notes = [
      ...delta.skippedBytes > 0 ? [`${FOLLOW_NOTE_PREFIX} ${formatBytes(delta.skippedBytes)} written since the last read are not shown: ` +
        'more than ModelArts\'s preview holds. Open Full Log shows the whole log.'] : [],
      ...delta.restarted ? [`${FOLLOW_NOTE_PREFIX} The log was written anew; it starts over here.`] : [],
    ];
    return { lines: delta.lines, notes };
  }

  finish(): readonly string[] {
    const partial = this.state?.partial ?? '';
    return partial === '' ? [] : [partial];
  }
}

/** ModelArts's "download log failed" (v1): the log does not exist yet. */
function isNotReadyV1(error: unknown): boolean {
  return error instanceof ModelArtsError && error.errorCode === 'ModelArts.0806';
}

/** A version's log file, read by `aom-log` (`desc` reads forward from a cursor, `asc` backward). */
function v1Reader(client: ModelArtsApi, jobId: string, versionId: string, logFile: string): LineReader {
  const read = async (options: { baseLine?: string; order?: 'asc' | 'desc'; count: number; signal: AbortSignal }) => {
    try {
      return await client.getLogLines(jobId, versionId, { logFile, lines: options.count, baseLine: options.baseLine, order: options.order, signal: options.signal });
    } catch (error) {
      if (isNotReadyV1(error)) {
        return undefined;
      }
      throw error;
    }
  };
  return {
    newest: (count, signal) => read({ count, signal }),
    after: (cursor, count, signal) => read({ baseLine: cursor, order: 'desc', count, signal }),
    before: (cursor, count, signal) => read({ baseLine: cursor, order: 'asc', count, signal }),
  };
}

/**
 * Follows an old-version job's version. With no file named, waits until the version has log files
 * and follows the first (worker 0's); `onFile` tells which.
 */
export function v1FollowSource(client: ModelArtsApi, jobId: string, versionId: string, file: string | undefined, onFile?: (file: string) => void): FollowSource {
  let lines = file === undefined ? undefined : new LineFollowSource(v1Reader(client, jobId, versionId, file));
  return {
    async next(signal) {
      if (!lines) {
        const files = await client.listLogFiles(jobId, versionId, { signal }).catch((error: unknown) => {
          if (isNotReadyV1(error)) {
            return [];
          }
          throw error;
        });
        if (files.length === 0) {
          return { lines: [], notReady: true };
        }
        onFile?.(files[0]);
        lines = new LineFollowSource(v1Reader(client, jobId, versionId, files[0]));
        const read = await lines.next(signal);
        return { ...read, extraRequests: (read.extraRequests ?? 0) + 1 };
      }
      return lines.next(signal);
    },
    older: signal => lines ? lines.older(signal) : Promise.resolve({ lines: [], atStart: true }),
  };
}

/** While a v2 job runs, "not generated" only means "not yet". */
function isNotYetV2(error: unknown): boolean {
  return error instanceof ModelArtsError && error.errorCode === 'ModelArts.2818';
}

/**
 * Follows a new-version job's task: by the line-paged log (`asc` reads forward from a cursor, `desc`
 * backward) where the API exists; where it does not, by the preview, for good.
 */
export function v2FollowSource(client: ModelArtsApi, jobId: string, task: string, onPreview?: () => void): FollowSource {
  let unsupported = false;
  const readLines = async (options: { baseLine?: string; order: 'asc' | 'desc'; count: number; signal: AbortSignal }): Promise<RawLinePage | undefined> => {
    const answer = await client.v2.getLogLines(jobId, task, { lines: options.count, baseLine: options.baseLine, order: options.order, signal: options.signal })
      .catch((error: unknown) => {
        if (isNotYetV2(error)) {
          return undefined;
        }
        throw error;
      });
    if (answer === UNSUPPORTED) {
      unsupported = true;
      return undefined;
    }
    return answer;
  };
  const lines = new LineFollowSource({
    newest: (count, signal) => readLines({ order: 'desc', count, signal }),
    after: (cursor, count, signal) => readLines({ baseLine: cursor, order: 'asc', count, signal }),
    before: (cursor, count, signal) => readLines({ baseLine: cursor, order: 'desc', count, signal }),
  });
  const preview = new PreviewFollowSource(signal => client.v2.getLogPreview(jobId, task, { signal }).catch((error: unknown) => {
    if (isNotYetV2(error)) {
      return undefined;
    }
    throw error;
  }));
  let current: FollowSource = lines;
  return {
    async next(signal) {
      const read = await current.next(signal);
      if (unsupported && current === lines) {
        current = preview;
        onPreview?.();
        const first = await preview.next(signal);
        return { ...first, extraRequests: (first.extraRequests ?? 0) + 1 };
      }
      return read;
    },
    older: signal => (current === lines ? lines.older(signal) : Promise.resolve({ lines: [], atStart: true })),
    finish: () => (current === preview ? preview.finish() : []),
  };
}
