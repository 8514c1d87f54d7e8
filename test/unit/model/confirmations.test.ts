/** The confirmations' texts (plain Node): each names exactly what goes, and where. */
import * as assert from 'node:assert/strict';
import type { TrainingJobVersion } from '../../../src/client/types';
import {
  deleteJobConfirmation, deleteVersionConfirmation, deleteVersionsConfirmation, jobRunningText, stopConfirmation, versionRunningText,
  type Candidate,
} from '../../../src/model/confirmations';
import type { TargetConnection } from '../../../src/model/connection';

const connection = { region: 'eu-de', projectId: 'p0', fingerprint: 'f', id: 'i' } as unknown as TargetConnection;

function version(versionId: string, status: number, name = `V${versionId}`): TrainingJobVersion {
  return { jobId: '1', versionId, versionName: name, status, parameters: [] };
}

describe('confirmations', () => {
  it('deleting one version names it, its job and where; the last version is called out', () => {
    const text = deleteVersionConfirmation({ jobId: '1', jobName: 'mnist', versionCount: 1, version: version('2', 10, 'V0002'), connection });
    assert.equal(text.message, 'Delete version "V0002" of training job "mnist"?');
    assert.deepEqual(text.detail, [
      'Version: V0002 (ID 2)', 'Training job: mnist (ID 1)', 'Project p0 in region eu-de', '',
      'This is the job\'s only version. ModelArts may keep the job with no versions, or remove it as well.',
      'This cannot be undone.',
    ]);
  });

  it('deleting several versions lists ten, then "and N more", and names the running and skipped ones', () => {
    const candidates: Candidate[] = [
      ...Array.from({ length: 12 }, (_, i): Candidate => ({ target: { jobId: '1', jobName: 'mnist', version: version(String(100 + i), 10) }, jobVersionCount: 20, state: 'delete' })),
      { target: { jobId: '1', jobName: 'mnist', version: version('200', 8) }, state: 'running' },
      { target: { jobId: '1', jobName: 'mnist', version: version('201', 10) }, state: 'gone' },
    ];
    const text = deleteVersionsConfirmation(candidates, connection);
    assert.equal(text.message, 'Delete 12 training job versions?');
    assert.equal(text.detail.filter(l => l.startsWith('• ')).length, 12, 'ten to delete, one running, one skipped');
    assert.ok(text.detail.includes('…and 2 more'));
    assert.ok(text.detail.includes('Not deleted: 1 running or in progress (stop it first):'));
    assert.ok(text.detail.includes('Skipped: 1 already deleted or being deleted:'));
    assert.ok(!text.detail.some(l => l.includes('no versions')), '12 of 20 leave the job some');
    const all = deleteVersionsConfirmation(candidates.slice(0, 2).map(c => ({ ...c, jobVersionCount: 2 })), connection);
    assert.ok(all.detail.includes('Every version of training job "mnist" is selected.'));
    assert.ok(all.detail.includes('ModelArts may keep the job with no versions, or remove it as well.'), 'neither outcome promised');
  });

  it('deleting a job says how many versions go', () => {
    const versions = [version('3', 10, 'V0003'), version('2', 11, 'V0002')];
    const text = deleteJobConfirmation({ jobId: '1', jobName: 'mnist', versionCount: 2, versions, connection });
    assert.deepEqual(text.detail, ['Training job: mnist (ID 1)', 'Its 2 versions are deleted with it: V0003, V0002.', 'Project p0 in region eu-de', '', 'This cannot be undone.']);
  });

  it('a running version is offered Stop; one being stopped is not', () => {
    const target = { jobId: '1', jobName: 'mnist', version: version('2', 8, 'V0002'), connection };
    assert.equal(versionRunningText(target).canStop, true);
    assert.equal(versionRunningText({ ...target, version: version('2', 9, 'V0002') }).canStop, false);
    assert.match(stopConfirmation(target).message, /^Stop version "V0002" \(ID 2\) of training job "mnist" \(ID 1\)\?$/);
  });

  it('a job with running versions offers to stop the ones that can be', () => {
    const job = { jobId: '1', jobName: 'mnist', versionCount: 3, versions: [], connection };
    assert.equal(jobRunningText(job, [version('2', 8), version('3', 7)]).stopButton, 'Stop 2 Versions');
    assert.equal(jobRunningText(job, [version('2', 9)]).stopButton, undefined);
  });
});
