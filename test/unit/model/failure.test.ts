/** Why a run failed: the log lines that say so, and the newest error event. */
import * as assert from 'node:assert/strict';
import type { V2Event } from '../../../src/client/v2Types';
import { errorLines, newestError } from '../../../src/model/failure';

describe('why a run failed', () => {
  it('takes the last lines that name an error, in log order', () => {
    const log = ['epoch 1 loss 0.3', 'Traceback (most recent call last):', '  File "train.py", line 3', 'RuntimeError: CUDA out of memory', 'done', ''];
    assert.deepEqual(errorLines(log), ['Traceback (most recent call last):', 'RuntimeError: CUDA out of memory']);
    assert.deepEqual(errorLines(['a error 1', 'b error 2', 'c error 3', 'd error 4'], 2), ['c error 3', 'd error 4']);
  });

  it('falls back to the last non-empty lines when none names an error', () => {
    assert.deepEqual(errorLines(['one', 'two', '', 'three', '  ']), ['one', 'two', 'three']);
    assert.deepEqual(errorLines([]), []);
  });

  it('finds the newest event at level Error, whatever the order', () => {
    const e = (time: number, level: string, message: string): V2Event => ({ time, timeText: String(time), level, message });
    assert.equal(newestError([e(3, 'Info', 'later info'), e(1, 'Error', 'old'), e(2, 'error', 'newest error')])?.message, 'newest error');
    assert.equal(newestError([e(1, 'Warning', 'w')]), undefined);
  });
});
