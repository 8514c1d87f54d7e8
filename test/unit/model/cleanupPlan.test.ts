/** A clean-up's plan: grouping, totals, age, the check made just before each deletion, and the confirmation's words. */
import * as assert from 'node:assert/strict';
import type { TrainingJobVersion } from '../../../src/client/types';
import type { V2Job } from '../../../src/client/v2Types';
import { describeRule, selectVersions, STATUS_CHOICES, type CleanupRule } from '../../../src/model/cleanupRules';
import {
  isStale, PLAN_MAX_AGE_MS, planGroups, planTotals, recheckV2Jobs, recheckVersions, v2Item, versionItem, type CleanupPlan,
} from '../../../src/model/cleanupPlan';
import { cleanupConfirmation } from '../../../src/model/confirmations';
import type { TargetConnection } from '../../../src/model/connection';

const DAY = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 11, 1);

function version(versionId: string, status: number, ageDays: number): TrainingJobVersion {
  return { jobId: 'J', versionId, versionName: `V${versionId}`, status, createTime: NOW - ageDays * DAY, parameters: [] } as unknown as TrainingJobVersion;
}

function v2(jobId: string, name: string, phase: string, ageDays: number): V2Job {
  return { jobId, name, phase, createTime: NOW - ageDays * DAY } as unknown as V2Job;
}

/** Failed or canceled, older than 14 days, keep the newest 3: the issue's own example. */
const RULE: CleanupRule = { statuses: [11, 13], olderThanDays: 14, keepNewest: 3 };

/** Six versions, newest first by age: 1, 5, 10 days (kept as newest 3), 20 (failed), 30 (completed), 40 (canceled). */
const VERSIONS = [version('6', 11, 1), version('5', 11, 5), version('4', 13, 10), version('3', 11, 20), version('2', 10, 30), version('1', 13, 40)];

function plannedItems() {
  return selectVersions(RULE, [{ jobId: 'J', jobName: 'sweep', versions: VERSIONS }], NOW).map(s => versionItem(s.jobId, s.jobName, s.version, s.reasons));
}

describe('clean-up plans', () => {
  it('plans exactly what the rule selects: old failed or canceled beyond the newest 3, with why', () => {
    const items = plannedItems();
    assert.deepEqual(items.map(i => i.key), ['J/3', 'J/1']);
    assert.deepEqual(items[0].reasons, ['status Failed', '20 days old (more than 14)', 'not among the newest 3']);
    assert.equal(items[1].statusLabel, 'Canceled');
  });

  it('groups by job in the order met, and totals versions of jobs', () => {
    const items = [...plannedItems(), versionItem('K', 'other', version('9', 11, 50), ['x'])];
    assert.deepEqual(planGroups(items).map(g => [g.title, g.items.length]), [['sweep (ID J)', 2], ['other (ID K)', 1]]);
    assert.equal(planTotals(items, 'v1'), '3 versions of 2 training jobs');
    assert.equal(planTotals(items.slice(0, 1), 'v1'), '1 version of 1 training job');
    assert.equal(planTotals([v2Item(v2('a', 'n', 'Failed', 20), [])], 'v2'), '1 training job');
  });

  it('is stale after the maximum age, not before', () => {
    assert.equal(isStale({ evaluatedAt: NOW }, NOW + PLAN_MAX_AGE_MS), false);
    assert.equal(isStale({ evaluatedAt: NOW }, NOW + PLAN_MAX_AGE_MS + 1), true);
  });

  describe('the check before each deletion (old-version jobs)', () => {
    it('sends what is unchanged', () => {
      const checks = recheckVersions(RULE, plannedItems(), { jobName: 'sweep', versions: VERSIONS }, NOW);
      assert.deepEqual([...checks.values()], [{ send: true }, { send: true }]);
    });

    it('skips a version whose status changed, even to another status the rule selects', () => {
      const fresh = VERSIONS.map(v => (v.versionId === '3' ? { ...v, status: 13 } : v));
      const checks = recheckVersions(RULE, plannedItems(), { jobName: 'sweep', versions: fresh }, NOW);
      assert.deepEqual(checks.get('J/3'), { send: false, why: 'its status changed from Failed to Canceled' });
      assert.deepEqual(checks.get('J/1'), { send: true });
    });

    it('skips a version that is now among the newest K (a newer one was deleted meanwhile)', () => {
      const fresh = VERSIONS.filter(v => v.versionId !== '5');
      const checks = recheckVersions(RULE, plannedItems(), { jobName: 'sweep', versions: fresh }, NOW);
      assert.deepEqual(checks.get('J/3'), { send: false, why: 'it is now among the newest 3 of its job' });
      assert.deepEqual(checks.get('J/1'), { send: true });
    });

    it('skips a version no longer listed, and every version of a job that is gone', () => {
      const fresh = VERSIONS.filter(v => v.versionId !== '1');
      assert.deepEqual(recheckVersions(RULE, plannedItems(), { jobName: 'sweep', versions: fresh }, NOW).get('J/1'),
        { send: false, why: 'it is no longer there (deleted meanwhile)' });
      assert.ok([...recheckVersions(RULE, plannedItems(), 'gone', NOW).values()].every(c => !c.send));
    });

    it('skips a version whose job was renamed out of the rule', () => {
      const named: CleanupRule = { ...RULE, nameContains: 'sweep' };
      const items = selectVersions(named, [{ jobId: 'J', jobName: 'sweep', versions: VERSIONS }], NOW).map(s => versionItem(s.jobId, s.jobName, s.version, s.reasons));
      assert.equal(items.length, 2);
      const checks = recheckVersions(named, items, { jobName: 'keep-me', versions: VERSIONS }, NOW);
      assert.deepEqual(checks.get('J/3'), { send: false, why: 'its job name no longer matches' });
    });
  });

  describe('the check before each deletion (new-version jobs)', () => {
    const jobs = [v2('a', 'llm', 'Failed', 30), v2('b', 'llm', 'Failed', 20), v2('c', 'llm', 'Completed', 2)];
    const rule: CleanupRule = { statuses: [11], keepNewest: 1 };
    const planned = [v2Item(jobs[0], []), v2Item(jobs[1], [])];

    it('sends jobs unchanged among their name, skips one whose phase changed or that is now the newest', () => {
      assert.deepEqual([...recheckV2Jobs(rule, planned, jobs, NOW).values()], [{ send: true }, { send: true }]);
      const changed = recheckV2Jobs(rule, planned, [jobs[0], { ...jobs[1], phase: 'Running' }, jobs[2]], NOW);
      assert.deepEqual(changed.get('b'), { send: false, why: 'its status changed from Failed to Running' });
      const newest = recheckV2Jobs(rule, planned, [jobs[0], jobs[1]], NOW);
      assert.deepEqual(newest.get('b'), { send: false, why: 'it is now among the newest 1 of its job' });
      assert.deepEqual(newest.get('a'), { send: true });
    });
  });

  it('says whole status families by name', () => {
    const all = STATUS_CHOICES.flatMap(c => c.codes);
    assert.equal(describeRule({ statuses: all }), 'Failed or Stopped or canceled or Completed');
    assert.equal(describeRule({ statuses: [...STATUS_CHOICES[0].codes, 13], olderThanDays: 1 }), 'Failed or Canceled, older than 1 day');
  });

  it('confirms by naming what goes, what was kept, what is protected, the rule and where', () => {
    const items = plannedItems();
    const plan: CleanupPlan = {
      kind: 'v1', rule: RULE, scope: 'all old-version training jobs', evaluatedAt: NOW, items, unread: [],
      protectedItems: [versionItem('K', 'vip', version('7', 11, 99), [])], examined: { jobs: 2, items: 7, skippedJobs: 0 },
    };
    const text = cleanupConfirmation(plan, items.slice(0, 1), { projectId: 'p1', region: 'eu-de' } as TargetConnection);
    assert.equal(text.message, 'Delete 1 version of training job "sweep"?');
    const detail = text.detail.join('\n');
    assert.equal(text.detail[0], '• V3 (ID 3) · Failed');
    const two = cleanupConfirmation(plan, [...items, versionItem('K', 'other', version('8', 13, 60), [])], { projectId: 'p1', region: 'eu-de' } as TargetConnection);
    assert.equal(two.message, 'Delete 3 versions of 2 training jobs?');
    assert.equal(two.detail[2], '• V8 (ID 8) of other (ID K) · Canceled');
    assert.doesNotMatch(detail, /• V1 /);
    assert.match(detail, /Rule: Failed or Canceled, older than 14 days, keeping the newest 3 of each job\./);
    assert.match(detail, /Examined: all old-version training jobs\. Project p1 in region eu-de\./);
    assert.match(detail, /Kept: the 1 you unchecked\./);
    assert.match(detail, /Not deleted: 1 protected/);
    assert.match(detail, /read again just before its deletion/);
  });
});
