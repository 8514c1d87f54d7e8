/** How v2 phases are shown and what applies to them; which kinds the tree shows; secrets masked in a job's JSON. */
import * as assert from 'node:assert/strict';
import {
  failureText, isV2Active, isV2Stoppable, maskV2Secrets, phaseForStatus, phaseInfo, phaseStatus,
} from '../../../src/model/v2Phase';
import { layoutFor, type ListPresence } from '../../../src/tree/layout';

describe('v2 phases', () => {
  it('shows each documented phase with the label of its old-version family', () => {
    const labels = ['Creating', 'Pending', 'Running', 'Terminating', 'Completed', 'Failed', 'Terminated', 'Abnormal'].map(p => phaseInfo(p).label);
    assert.deepEqual(labels, ['Initializing', 'Queuing', 'Running', 'Stopping', 'Completed', 'Failed', 'Stopped', 'Abnormal']);
    assert.deepEqual(phaseInfo('Hibernating'), { name: 'Hibernating', label: 'Hibernating', group: 'unknown' });
    assert.equal(phaseInfo('').label, 'Unknown');
    assert.equal(phaseStatus('Pending'), 7);
    assert.equal(phaseStatus('Hibernating'), 0);
  });

  it('stops only what can be stopped, and treats every phase that may still change as active', () => {
    assert.deepEqual(['Creating', 'Pending', 'Running', 'Terminating', 'Completed'].map(isV2Stoppable), [true, true, true, false, false]);
    assert.deepEqual(['Creating', 'Pending', 'Running', 'Terminating', 'Failed', 'Abnormal'].map(isV2Active), [true, true, true, true, false, false]);
  });

  it('maps the view\'s status filter to the phase of the same family, and to none where no phase has it', () => {
    assert.equal(phaseForStatus(8), 'Running');
    assert.equal(phaseForStatus(12), 'Terminated');
    assert.equal(phaseForStatus(6), undefined);
  });

  it('says which task failed first, with its exit code and message', () => {
    assert.equal(failureText({ taskStatuses: [{ task: 'worker-0', exitCode: 0 }, { task: 'worker-1', exitCode: 137, message: 'OOMKilled' }] }),
      'worker-1 exited with code 137: OOMKilled');
    assert.equal(failureText({ taskStatuses: [{ task: 'worker-0', message: 'image pull failed' }] }), 'worker-0 failed: image pull failed');
    assert.equal(failureText({ taskStatuses: [] }), undefined);
  });

  it('masks tokens and secrets anywhere in a job, keeping everything else', () => {
    const raw = {
      metadata: { id: 'j', annotations: { 'fe-token': 'abc123', owner: 'me' } },
      endpoints: { jupyter_lab: { token: 's3cr3t', url: 'https://x' }, tensorboard: { token: 't0k' } },
      spec: { access_key: 'AK', node_count: 2 },
      list: [{ password: 'pw' }],
    };
    assert.deepEqual(maskV2Secrets(raw), {
      metadata: { id: 'j', annotations: { 'fe-token': '********', owner: 'me' } },
      endpoints: { jupyter_lab: { token: '********', url: 'https://x' }, tensorboard: { token: '********' } },
      spec: { access_key: '********', node_count: 2 },
      list: [{ password: '********' }],
    });
    assert.equal(raw.endpoints.jupyter_lab.token, 's3cr3t', 'the job itself is left as read');
  });
});

describe('which kinds of job the tree shows', () => {
  const cases: [ListPresence, ListPresence, string][] = [
    ['has', 'has', 'v2 v1'],
    ['has', 'empty', 'v2 v1'],
    ['empty', 'has', 'v2'],
    ['empty', 'empty', 'v2'],
    ['missing', 'has', 'v2'],
    ['has', 'missing', 'v1'],
    ['empty', 'missing', 'v1'],
    ['missing', 'missing', 'v1'],
    ['error', 'has', 'v2 v1'],
    ['error', 'error', 'v2'],
    ['has', 'error', 'v2 v1'],
  ];
  for (const [v1, v2, shown] of cases) {
    it(`old-version list ${v1}, new-version list ${v2}: ${shown}`, () => {
      assert.equal(layoutFor(v1, v2).join(' '), shown);
    });
  }
});
