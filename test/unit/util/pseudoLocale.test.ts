/**
 * A pseudo-locale check of the texts built in plain Node: with a translator that marks what it
 * translated (`⟦…⟧`), every word of the translated surfaces comes out marked, apart from what the
 * server sent (names, IDs, regions) — a word outside the marks escaped translation.
 */
import * as assert from 'node:assert/strict';
import type { TrainingJobVersion } from '../../../src/client/types';
import { deleteVersionConfirmation } from '../../../src/model/confirmations';
import type { TargetConnection } from '../../../src/model/connection';
import { KNOWN_STATUS_CODES, statusInfo } from '../../../src/model/status';
import { describeJob, describeVersion, whereText } from '../../../src/model/targets';
import { phaseInfo } from '../../../src/model/v2Phase';
import { formatAge, formatDuration } from '../../../src/util/format';
import { fill, setTranslator } from '../../../src/util/l10n';
import { field } from '../../../src/util/markdown';

/** Server text in the samples: allowed outside the marks. */
const SERVER_TEXT = ['mnist-quickstart', 'V0001', '278702', '182650', 'eu-de', 'p0'];

/** The words of `text` no translation marked, server text and numbers aside. */
function escaped(text: string): string[] {
  let rest = text.replace(/⟦[^⟧]*⟧/g, ' ');
  for (const value of SERVER_TEXT) {
    rest = rest.split(value).join(' ');
  }
  return rest.match(/[A-Za-z]{2,}/g) ?? [];
}

describe('pseudo-locale (the translated texts of the pure layers)', () => {
  before(() => setTranslator((message, ...args) => `⟦${fill(message, ...args)}⟧`));
  after(() => setTranslator(fill));

  const connection = { region: 'eu-de', projectId: 'p0' } as unknown as TargetConnection;
  const version = { jobId: '182650', versionId: '278702', versionName: 'V0001', status: 10, parameters: [] } as TrainingJobVersion;
  const target = { jobId: '182650', jobName: 'mnist-quickstart', versionCount: 1, version, connection };

  it('the delete-version confirmation, every line', () => {
    const text = deleteVersionConfirmation(target);
    for (const line of [text.message, ...text.detail]) {
      assert.deepEqual(escaped(line), [], `escaped in: ${line}`);
    }
  });

  it('every status and phase label, durations and ages', () => {
    const texts = [
      ...KNOWN_STATUS_CODES.map(code => statusInfo(code).label), statusInfo(99).label,
      ...['Creating', 'Pending', 'Running', 'Terminating', 'Completed', 'Failed', 'Terminated', 'Abnormal'].map(phase => phaseInfo(phase).label),
      ...[5_000, 65_000, 3_600_000, 3_660_000, 90_000_000, 86_400_000].map(ms => formatDuration(ms)),
      ...[0, 120_000, 7_200_000, 3 * 86_400_000, 400 * 86_400_000].map(age => formatAge(Date.UTC(2026, 0, 1) - age, Date.UTC(2026, 0, 1))),
    ];
    for (const text of texts) {
      assert.deepEqual(escaped(text), [], `escaped in: ${text}`);
    }
  });

  it('how targets and places are named, and tooltip fields', () => {
    for (const text of [describeVersion(target), describeJob(target), whereText(connection), field('Job ID', '182650')]) {
      assert.deepEqual(escaped(text.replace(/\*\*/g, '')), [], `escaped in: ${text}`);
    }
  });

  it('finds a word that escaped (the check can fail)', () => {
    assert.deepEqual(escaped(`⟦Delete⟧ version ${'V0001'}`), ['version']);
  });
});
