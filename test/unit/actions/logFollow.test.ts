/**
 * Follow Log on a fake clock, over an in-memory log that grows: every line arrives once and in order
 * under both readings of "from a cursor", however many are written between reads; reads back off when
 * nothing comes; the status is read only after an empty read; the end reads the last lines; pause,
 * resume, stop and older lines.
 */
import * as assert from 'node:assert/strict';
import { FOLLOW_FIRST_DELAY_MS, FOLLOW_MAX_DELAY_MS, LogFollower, type RunStatus } from '../../../src/actions/logFollow';
import { LineFollowSource, PreviewFollowSource, type LineReader } from '../../../src/actions/logSources';
import { AuthenticationError, NetworkError } from '../../../src/client/errors';
import { Logger } from '../../../src/util/logger';
import { FakeClock } from '../../fixtures/fakeClock';

const quiet = new Logger({ info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined });

/** A log in memory read by cursors (19-digit strings); `inclusive` repeats the cursor's own line. */
class MemoryLog implements LineReader {
  readonly lines: string[] = [];
  reads: { kind: string; cursor?: string }[] = [];
  failNext?: Error;

  constructor(private readonly inclusive: boolean) {}

  write(n: number): void {
    for (let i = 0; i < n; i++) {
      this.lines.push(`line ${this.lines.length + 1}`);
    }
  }

  private cursor(i: number): string {
    return String(1700000000000000000n + BigInt(i));
  }

  private index(cursor: string): number {
    return Number(BigInt(cursor) - 1700000000000000000n);
  }

  private page(from: number, to: number) {
    const lines = this.lines.slice(from, to);
    return lines.length === 0 ? { content: '', startLine: '', endLine: '' }
      : { content: lines.join('\n'), startLine: this.cursor(from), endLine: this.cursor(to - 1) };
  }

  private check(): void {
    const error = this.failNext;
    this.failNext = undefined;
    if (error) {
      throw error;
    }
  }

  async newest(count: number) {
    this.reads.push({ kind: 'newest' });
    this.check();
    return this.lines.length === 0 ? undefined : this.page(Math.max(0, this.lines.length - count), this.lines.length);
  }

  async after(cursor: string, count: number) {
    this.reads.push({ kind: 'after', cursor });
    this.check();
    const from = this.index(cursor) + (this.inclusive ? 0 : 1);
    return this.page(from, Math.min(this.lines.length, from + count));
  }

  async before(cursor: string, count: number) {
    this.reads.push({ kind: 'before', cursor });
    this.check();
    const to = this.index(cursor) + (this.inclusive ? 1 : 0);
    return this.page(Math.max(0, to - count), to);
  }
}

describe('Follow Log', () => {
  let clock: FakeClock;
  let status: RunStatus;
  let statusReads: number;
  let changes: number;
  let fast: boolean;

  const follow = (source: LineFollowSource | PreviewFollowSource, maxLines?: number) => new LogFollower({
    source,
    status: async () => {
      statusReads++;
      return status;
    },
    onChange: () => changes++,
    fast: () => fast,
    logger: quiet,
    label: 'test log',
    clock,
    maxLines,
  });

  beforeEach(() => {
    clock = new FakeClock();
    status = { ended: false, label: 'Running' };
    statusReads = 0;
    changes = 0;
    fast = true;
  });

  for (const inclusive of [false, true]) {
    it(`appends every line once, in order, however many come between reads (${inclusive ? 'inclusive' : 'exclusive'} cursors)`, async () => {
      const log = new MemoryLog(inclusive);
      log.write(730);
      const follower = follow(new LineFollowSource(log));
      follower.start();
      await clock.tick(0);
      assert.equal(follower.lines.length, 500, 'the newest 500 first');
      assert.equal(follower.lines[0], 'line 231');
      assert.equal(follower.older, 'more');
      for (const burst of [1, 0, 499, 500, 501, 3_000, 7]) {
        log.write(burst);
        await clock.tick(FOLLOW_MAX_DELAY_MS);
      }
      assert.deepEqual(follower.lines, log.lines.slice(230), 'no gap, no duplicate');
      while (follower.older === 'more') {
        await follower.readOlder();
      }
      assert.deepEqual(follower.lines, log.lines, 'older lines on demand reach the start exactly');
      assert.equal(follower.older, 'start');
    });
  }

  it('reads every 2 s while lines come, backs off to 30 s when none do, and reads the status only after an empty read', async () => {
    const log = new MemoryLog(false);
    log.write(10);
    const follower = follow(new LineFollowSource(log));
    follower.start();
    await clock.tick(0);
    log.reads = [];
    log.write(1);
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    assert.equal(log.reads.length, 1);
    assert.equal(statusReads, 0, 'lines came: no status read');
    await clock.tick(60_000);
    const times = log.reads.length;
    assert.ok(times >= 3 && times <= 6, `backed off: ${times} reads in a minute with nothing new`);
    assert.equal(statusReads, times - 1);
    log.reads = [];
    await clock.tick(10 * 60_000);
    assert.equal(log.reads.length, 20, 'at most every 30 s');
  });

  it('reads at the slowest rate while its editor is hidden or the window unfocused', async () => {
    const log = new MemoryLog(false);
    log.write(10);
    fast = false;
    const follower = follow(new LineFollowSource(log));
    follower.start();
    await clock.tick(0);
    log.reads = [];
    for (let i = 0; i < 10; i++) {
      log.write(5);
      await clock.tick(FOLLOW_MAX_DELAY_MS);
    }
    assert.equal(log.reads.length, 10, 'once every 30 s although lines come');
    assert.equal(follower.lines.length, 60);
  });

  it('an editor shown or hidden moves the next read to its new time, never postponing the first', async () => {
    const log = new MemoryLog(false);
    log.write(10);
    fast = false;
    const follower = follow(new LineFollowSource(log));
    follower.start();
    follower.wake();
    await clock.tick(0);
    assert.equal(follower.lines.length, 10, 'the first read is at once');
    log.write(1);
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    assert.equal(follower.lines.length, 10, 'hidden: not yet');
    fast = true;
    follower.wake();
    await clock.tick(0);
    assert.equal(follower.lines.length, 11, 'shown: the read that was due 2 s after the last comes at once');
  });

  it('at the end of the run: reads the last lines, says how it ended, and reads nothing more', async () => {
    const log = new MemoryLog(false);
    log.write(20);
    const follower = follow(new LineFollowSource(log));
    follower.start();
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    log.write(3);
    status = { ended: true, label: 'Failed', reason: 'CUDA out of memory' };
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    assert.equal(follower.phase, 'following', 'lines came: the status is not read yet');
    log.write(2);
    await clock.tick(FOLLOW_MAX_DELAY_MS);
    assert.equal(follower.phase, 'ended');
    assert.deepEqual(follower.ended, status);
    assert.deepEqual(follower.lines, log.lines, 'the lines written before the end are all there');
    log.reads = [];
    await clock.tick(10 * 60_000);
    assert.equal(log.reads.length, 0);
  });

  it('waits for a log that does not exist yet, then follows it from its first lines', async () => {
    const log = new MemoryLog(false);
    const follower = follow(new LineFollowSource(log));
    follower.start();
    await clock.tick(10_000);
    assert.equal(follower.phase, 'waiting');
    log.write(3);
    await clock.tick(FOLLOW_MAX_DELAY_MS);
    assert.equal(follower.phase, 'following');
    assert.deepEqual(follower.lines, ['line 1', 'line 2', 'line 3']);
    assert.equal(follower.older, 'start');
  });

  it('paused: reads nothing; resumed: reads on from the last line, missing nothing; stopped: never again', async () => {
    const log = new MemoryLog(false);
    log.write(5);
    const follower = follow(new LineFollowSource(log));
    follower.start();
    await clock.tick(0);
    assert.equal(follower.pause(), true);
    log.reads = [];
    log.write(1_200);
    await clock.tick(10 * 60_000);
    assert.equal(log.reads.length, 0);
    assert.equal(follower.resume(), true);
    await clock.tick(0);
    assert.deepEqual(follower.lines, log.lines);
    follower.stop();
    log.reads = [];
    await clock.tick(10 * 60_000);
    assert.equal(log.reads.length, 0);
    assert.equal(follower.phase, 'stopped');
  });

  it('retries a failed read without losing its place, and gives up at once on credentials', async () => {
    const log = new MemoryLog(false);
    log.write(5);
    const follower = follow(new LineFollowSource(log));
    follower.start();
    await clock.tick(0);
    log.write(2);
    log.failNext = new NetworkError('connection reset', 'reset', false);
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    assert.match(follower.error ?? '', /connection reset/);
    assert.equal(follower.phase, 'following');
    await clock.tick(FOLLOW_MAX_DELAY_MS);
    assert.deepEqual(follower.lines, log.lines);
    assert.equal(follower.error, undefined);
    log.failNext = new AuthenticationError('The token has expired.');
    log.write(1);
    await clock.tick(FOLLOW_MAX_DELAY_MS);
    assert.equal(follower.phase, 'failed');
  });

  it('keeps at most the newest N lines, and then offers no older ones', async () => {
    const log = new MemoryLog(false);
    log.write(50);
    const follower = follow(new LineFollowSource(log), 100);
    follower.start();
    await clock.tick(0);
    log.write(80);
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    assert.equal(follower.lines.length, 100);
    assert.equal(follower.dropped, 30);
    assert.deepEqual(follower.lines, log.lines.slice(30));
    assert.equal(follower.older, 'none');
  });

  it('by the preview: appends what the size says is new, a line once ended, and notes a gap', async () => {
    let text = 'a\nb\n';
    const cap = 6;
    const source = new PreviewFollowSource(async () => {
      const bytes = Buffer.from(text);
      return { content: bytes.subarray(Math.max(0, bytes.length - cap)).toString(), fullSize: bytes.length };
    });
    const follower = follow(source);
    follower.start();
    await clock.tick(0);
    assert.deepEqual(follower.lines, ['a', 'b']);
    text += 'c\nd';
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    assert.deepEqual(follower.lines, ['a', 'b', 'c'], 'd is not ended yet');
    text += 'e\n';
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    assert.deepEqual(follower.lines, ['a', 'b', 'c', 'de']);
    text += 'f\ng\nh\ni\nj\n';
    await clock.tick(FOLLOW_FIRST_DELAY_MS);
    assert.match(follower.lines[4], /4 bytes written since the last read are not shown/);
    assert.deepEqual(follower.lines.slice(5), ['h', 'i', 'j']);
  });
});
