/** Comparisons: each side flattened to sorted `key: value` lines, and the differences-only variant. */
import * as assert from 'node:assert/strict';
import type { VersionDetails } from '../../../src/client/types';
import type { V2Job } from '../../../src/client/v2Types';
import { comparisonText, v2Fields, versionFields } from '../../../src/model/comparison';

function version(overrides: Partial<VersionDetails>): VersionDetails {
  return {
    jobId: '1', jobName: 'mnist', jobDesc: '', versionId: '10', versionName: 'V0001', status: 10, createTime: Date.UTC(2026, 0, 1),
    duration: 3_600_000, engineName: 'PyTorch', engineVersion: '1.8', specCode: 'modelarts.vm.gpu.v100', gpuNum: 1, gpuType: 'v100',
    parameters: [{ label: 'lr', value: '0.01' }, { label: 'batch_size', value: '64' }], dataUrl: 'obs://b/data/', trainUrl: 'obs://b/out/',
    modelMetrics: { accuracy: 0.91, loss: [0.5, 0.3] },
    ...overrides,
  } as VersionDetails;
}

describe('comparisons', () => {
  const a = versionFields(version({}));
  const b = versionFields(version({
    versionId: '11', versionName: 'V0002', status: 11, parameters: [{ label: 'lr', value: '0.001' }, { label: 'batch_size', value: '64' }, { label: 'seed', value: '7' }],
    modelMetrics: { accuracy: 0.88, loss: [0.5, 0.4] },
  }));

  it('flattens a version: parameters, engine, spec, inputs and outputs, metrics, in key order', () => {
    const text = comparisonText('V0001 of mnist', a, b, false).split('\n');
    assert.equal(text[0], '# V0001 of mnist');
    const keys = text.slice(1).filter(Boolean).map(line => line.split(':')[0]);
    assert.deepEqual(keys, [...keys].sort(), 'sorted, so the diff lines up');
    for (const line of ['parameter.lr: 0.01', 'parameter.batch_size: 64', 'parameter.seed: —', 'engine: PyTorch 1.8', 'spec.gpu: 1 × v100',
      'input.data_url: obs://b/data/', 'output.train_url: obs://b/out/', 'metrics.accuracy: 0.91', 'metrics.loss[1]: 0.3', 'duration: 1 h', 'status: Completed']) {
      assert.ok(text.includes(line), `${line} in\n${text.join('\n')}`);
    }
  });

  it('differences only: what differs, plus what each side is', () => {
    const left = comparisonText('V0001', a, b, true).split('\n').filter(Boolean);
    assert.deepEqual(left, [
      '# V0001', 'job: mnist (ID 1)', 'metrics.accuracy: 0.91', 'metrics.loss[1]: 0.3', 'parameter.lr: 0.01', 'parameter.seed: —', 'status: Completed', 'version: V0001 (ID 10)',
    ]);
    assert.deepEqual(comparisonText('same', a, a, true).split('\n').filter(Boolean), ['# same', 'job: mnist (ID 1)', 'version: V0001 (ID 10)', '(no other differences)']);
  });

  it('keeps server text on one line', () => {
    const fields = versionFields(version({ parameters: [{ label: 'note', value: 'a\nb\u202e' }] }));
    assert.ok(!/[\n\u202e]/.test(fields.get('parameter.note') ?? ''), JSON.stringify(fields.get('parameter.note')));
  });

  it('flattens a new-version job from what was read, never its endpoints or annotations', () => {
    const job = {
      jobId: 'abc', name: 'llm', description: '', kind: 'job', phase: 'Failed', tasks: ['worker-0'], taskStatuses: [], engine: 'PyTorch 2.1',
      flavor: 'gpu.8', nodeCount: 2, duration: 60_000,
      raw: {
        algorithm: {
          parameters: [{ name: 'lr', value: '1e-4' }], inputs: [{ name: 'data_url', remote: { obs: { obs_url: 'obs://b/d/' } } }],
          outputs: [{ name: 'train_url', remote: { obs: { obs_url: 'obs://b/o/' } } }], code_dir: 'obs://b/code/', boot_file: 'train.py',
        },
        endpoints: { ssh: { token: 'SECRET-TOKEN' } }, annotations: { 'x-token': 'SECRET-TOKEN' },
      },
    } as unknown as V2Job;
    const text = comparisonText('llm', v2Fields(job), new Map(), false);
    for (const line of ['parameter.lr: 1e-4', 'input.data_url: obs://b/d/', 'output.train_url: obs://b/o/', 'spec.nodes: 2', 'status: Failed', 'code.boot_file: train.py']) {
      assert.ok(text.includes(line), `${line} in\n${text}`);
    }
    assert.doesNotMatch(text, /SECRET-TOKEN/);
  });
});
