/** The end of a deletion of several versions (plain Node): one sentence, and the report behind it. */
import * as assert from 'node:assert/strict';
import type { TrainingJobVersion } from '../../../src/client/types';
import { batchReport, batchSummary, type BatchEntry, type BatchResult } from '../../../src/model/batchReport';

function entry(versionId: string, result: BatchResult, reason?: string, jobName = 'mnist'): BatchEntry {
  const version: TrainingJobVersion = { jobId: '1', versionId, versionName: `V${versionId}`, status: 10, parameters: [] };
  return { target: { jobId: '1', jobName, version }, result, ...(reason ? { reason } : {}) };
}

describe('batchSummary and batchReport', () => {
  it('everything deleted: a short sentence, nothing to report', () => {
    assert.deepEqual(batchSummary([entry('1', 'deleted'), entry('2', 'deleted'), entry('3', 'deleted')]), { text: '3 versions deleted.', clean: true });
    assert.deepEqual(batchSummary([entry('1', 'deleted')]), { text: '1 version deleted.', clean: true });
  });

  it('otherwise how many of how many, and what became of each of the others', () => {
    const summary = batchSummary([
      entry('1', 'deleted'), entry('2', 'failed', 'x'), entry('3', 'cancelled'), entry('4', 'running'), entry('5', 'unconfirmed'),
      entry('6', 'skipped'), entry('7', 'failed', 'y'),
    ]);
    assert.equal(summary.clean, false);
    assert.equal(summary.text, '1 of 7 versions deleted; 2 could not be deleted, 1 not yet confirmed, 1 not sent (cancelled), ' +
      '1 left out (running), 1 left out (already deleted or being deleted).');
  });

  it('the report says where and when, and gives one row per version with the reason, every server string escaped', () => {
    const text = batchReport([entry('2', 'failed', 'OBS | locked [x](command:evil)', 'a|b'), entry('1', 'deleted')],
      { projectId: 'p0', region: 'eu-de' }, Date.UTC(2026, 10, 30, 12, 0));
    const lines = text.split('\n');
    assert.equal(lines[0], '# Deleting 2 versions');
    assert.match(lines[2], /^Project p0 in region eu-de\. Finished /);
    assert.equal(lines[4], '**1 of 2 versions deleted; 1 could not be deleted.**');
    assert.equal(lines[6], '| Version | Training job | Result |');
    assert.equal(lines[8], '| V2 (ID 2) | a\\|b (ID 1) | Could not be deleted: OBS \\| locked \\[x\\](command:evil) |');
    assert.equal(lines[9], '| V1 (ID 1) | a\\|b (ID 1) | Deleted |'.replace('a\\|b', 'mnist'));
    assert.equal(lines.filter(l => /^\| V\d/.test(l)).length, 2);
  });
});
