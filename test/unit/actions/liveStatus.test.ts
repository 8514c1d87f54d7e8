/**
 * Live status on a fake clock: transitional items are read on a back-off (5 s doubling to 60 s, reset
 * on a change) only while the view is visible and the window focused; nothing while hidden or
 * unfocused unless watched, and watched items at the slowest rate; a watched item's end is told once.
 */
import * as assert from 'node:assert/strict';
import { LiveStatus, type LiveItem, type LiveRead } from '../../../src/actions/liveStatus';
import { Logger } from '../../../src/util/logger';
import { FakeClock } from '../../fixtures/fakeClock';

const item = (key: string, status = '8'): LiveItem => ({ key, kind: 'v2job', jobId: key, label: `job ${key}`, status });

describe('live status', () => {
  let clock: FakeClock;
  let reads: { key: string; at: number }[];
  let answers: Map<string, LiveRead>;
  let items: LiveItem[];
  let ended: { key: string; read: LiveRead }[];
  let enabled: boolean;
  let live: LiveStatus;

  beforeEach(() => {
    clock = new FakeClock();
    reads = [];
    answers = new Map();
    items = [item('a')];
    ended = [];
    enabled = true;
    live = new LiveStatus({
      items: () => items,
      read: async it => {
        reads.push({ key: it.key, at: clock.now() });
        return answers.get(it.key) ?? { status: '8', active: true };
      },
      enabled: () => enabled,
      onEnded: (it, read) => ended.push({ key: it.key, read }),
      logger: new Logger({ info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined }),
      clock,
    });
  });

  afterEach(() => live.dispose());

  it('reads a transitional item 5 s after it is shown, then backs off doubling to 60 s', async () => {
    live.setVisible(true);
    await clock.tick(5 * 60_000);
    assert.deepEqual(reads.map(r => r.at / 1000), [5, 15, 35, 75, 135, 195, 255]);
  });

  it('resets the back-off to 5 s when the status changes', async () => {
    live.setVisible(true);
    await clock.tick(35_000);
    answers.set('a', { status: '9', active: true });
    await clock.tick(40_000);
    answers.delete('a');
    answers.set('a', { status: '9', active: true });
    await clock.tick(20_000);
    // 5, 15, 35 (status 8), 75 (changed to 9: next in 5 s), 80 (same: 10 s), 90.
    assert.deepEqual(reads.map(r => r.at / 1000), [5, 15, 35, 75, 80, 90]);
  });

  it('sends nothing while the view is hidden or the window unfocused, or with the setting off', async () => {
    await clock.tick(10 * 60_000);
    assert.equal(reads.length, 0, 'hidden');
    live.setVisible(true);
    live.setFocused(false);
    await clock.tick(10 * 60_000);
    assert.equal(reads.length, 0, 'unfocused');
    live.setFocused(true);
    enabled = false;
    live.wake();
    await clock.tick(10 * 60_000);
    assert.equal(reads.length, 0, 'setting off');
  });

  it('stops reading an item once it is no longer transitional', async () => {
    live.setVisible(true);
    answers.set('a', { status: '10', active: false, ended: 'Completed' });
    // The read redraws the row: the tree no longer lists it as transitional.
    items = [];
    await clock.tick(10 * 60_000);
    assert.equal(reads.length, 1);
    assert.deepEqual(ended, [], 'not watched: nothing told');
  });

  it('reads a watched item while hidden, at the slowest rate, and tells its end once', async () => {
    items = [];
    live.watch(item('w'));
    assert.ok(live.isWatched('w'));
    await clock.tick(3 * 60_000);
    assert.deepEqual(reads.map(r => r.at / 1000), [60, 120, 180]);
    answers.set('w', { status: '11', active: false, ended: 'Failed', reason: 'exit code 1' });
    await clock.tick(60_000);
    assert.deepEqual(ended.map(e => [e.key, e.read.reason]), [['w', 'exit code 1']]);
    assert.equal(live.isWatched('w'), false);
    await clock.tick(10 * 60_000);
    assert.equal(reads.length, 4, 'nothing after the end');
  });

  it('Unwatch stops the reads of a watched item', async () => {
    items = [];
    live.watch(item('w'));
    await clock.tick(60_000);
    assert.equal(live.unwatch('w'), true);
    await clock.tick(10 * 60_000);
    assert.equal(reads.length, 1);
  });

  it('backs off on a failed read instead of hammering', async () => {
    live = new LiveStatus({
      items: () => items, read: async it => { reads.push({ key: it.key, at: clock.now() }); throw new Error('503'); },
      enabled: () => true, onEnded: () => undefined,
      logger: new Logger({ info: () => undefined, warn: () => undefined, error: () => undefined, show: () => undefined }), clock,
    });
    live.setVisible(true);
    await clock.tick(60_000);
    assert.deepEqual(reads.map(r => r.at / 1000), [5, 15, 35]);
  });
});
