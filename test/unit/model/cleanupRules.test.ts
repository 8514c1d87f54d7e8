/** Clean-up rules: reading a stored rule, saying it in words, and which versions and v2 jobs it selects, with why. */
import * as assert from 'node:assert/strict';
import type { TrainingJobVersion } from '../../../src/client/types';
import type { V2Job } from '../../../src/client/v2Types';
import { describeRule, parseRule, selectV2Jobs, selectVersions, type CleanupRule } from '../../../src/model/cleanupRules';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1);

function version(versionId: string, status: number, ageDays: number | undefined): TrainingJobVersion {
  return { jobId: 'J', versionId, versionName: `V${versionId}`, status, createTime: ageDays === undefined ? undefined : NOW - ageDays * DAY } as TrainingJobVersion;
}

const rule = (r: CleanupRule) => r;

describe('clean-up rules', () => {
  describe('reading a stored rule', () => {
    it('accepts a rule with at least one narrowing condition', () => {
      assert.deepEqual(parseRule({ name: 'old failures', statuses: [11, 13, 11], olderThanDays: 14, keepNewest: 3 }),
        { rule: { name: 'old failures', statuses: [11, 13], olderThanDays: 14, keepNewest: 3 } });
    });

    it('refuses what would select everything, or is malformed, saying which field', () => {
      assert.match((parseRule({ keepNewest: 3 }) as { error: string }).error, /would select everything/);
      assert.match((parseRule({ statuses: [] }) as { error: string }).error, /"statuses"/);
      assert.match((parseRule({ statuses: ['11'] }) as { error: string }).error, /"statuses"/);
      assert.match((parseRule({ olderThanDays: -1, statuses: [11] }) as { error: string }).error, /"olderThanDays" must be a whole number/);
      assert.match((parseRule({ nameMatches: '(' }) as { error: string }).error, /not a valid regular expression/);
      assert.match((parseRule({ nameContains: '' }) as { error: string }).error, /"nameContains" must be text/);
      assert.match((parseRule([]) as { error: string }).error, /a rule is an object/);
    });
  });

  it('says a rule in words', () => {
    assert.equal(describeRule({ statuses: [11, 13], olderThanDays: 14, keepNewest: 3 }),
      'Failed or Canceled, older than 14 days, keeping the newest 3 of each job');
    assert.equal(describeRule({ nameContains: 'bert' }), 'any status, job name contains "bert"');
  });

  describe('selecting versions', () => {
    const jobs = [{
      jobId: 'J', jobName: 'bert-finetune',
      versions: [version('6', 11, 1), version('5', 11, 20), version('4', 8, 30), version('3', 13, 40), version('2', 10, 50), version('1', 11, undefined)],
    }];

    it('"failed or cancelled, older than 14 days, keep the newest 3": exactly those, each with why', () => {
      const selected = selectVersions(rule({ statuses: [11, 13], olderThanDays: 14, keepNewest: 3 }), jobs, NOW);
      // 6 is too young; 5 is among the newest 3 (6, 5, 4); 4 runs; 3 matches; 2 completed; 1 has no known age.
      assert.deepEqual(selected.map(s => s.version.versionId), ['3']);
      assert.deepEqual(selected[0].reasons, ['status Canceled', '40 days old (more than 14)', 'not among the newest 3']);
    });

    it('ranks a version among all its job\'s versions, not only the matching ones', () => {
      const selected = selectVersions(rule({ statuses: [11], keepNewest: 1 }), jobs, NOW);
      assert.deepEqual(selected.map(s => s.version.versionId), ['5', '1'], 'version 6 is the newest; 5 and 1 go (1 has no age, and age is not asked)');
    });

    it('never selects a running version, whatever the rule says', () => {
      assert.deepEqual(selectVersions(rule({ nameContains: 'BERT' }), jobs, NOW).map(s => s.version.versionId), ['6', '5', '3', '2', '1']);
    });

    it('matches the job name by text or by pattern, case-insensitively', () => {
      assert.equal(selectVersions(rule({ nameContains: 'gpt' }), jobs, NOW).length, 0);
      assert.equal(selectVersions(rule({ nameMatches: '^BERT-' }), jobs, NOW).length, 5);
    });
  });

  it('selects new-version jobs by phase family, age and newest K per job name', () => {
    const job = (jobId: string, name: string, phase: string, ageDays: number) =>
      ({ jobId, name, phase, createTime: NOW - ageDays * DAY, tasks: [], taskStatuses: [], description: '', kind: 'job', raw: {} }) as V2Job;
    const jobs = [job('a', 'sft', 'Failed', 30), job('b', 'sft', 'Failed', 20), job('c', 'sft', 'Running', 40), job('d', 'eval', 'Failed', 25),
      job('e', 'eval', 'Terminated', 26)];
    const selected = selectV2Jobs(rule({ statuses: [11, 12], olderThanDays: 14, keepNewest: 1 }), jobs, NOW);
    assert.deepEqual(selected.map(s => s.job.jobId), ['a', 'e'], 'b and d are the newest of their names; c runs');
    assert.deepEqual(selected[1].reasons, ['status Stopped', '26 days old (more than 14)', 'not among the newest 1']);
  });
});
