/** The extension-host test entry (test/host/index.ts) must never report success for running nothing. */
import * as assert from 'node:assert/strict';
import { run } from '../../host/index';

describe('the extension-host test entry, run()', () => {
  const saved = process.env.MODELARTS_HOST_TESTS;

  afterEach(() => {
    if (saved === undefined) {
      delete process.env.MODELARTS_HOST_TESTS;
    } else {
      process.env.MODELARTS_HOST_TESTS = saved;
    }
  });

  it('rejects, naming the filter, when MODELARTS_HOST_TESTS matches no test file', async () => {
    process.env.MODELARTS_HOST_TESTS = '^no-such-test-file$';
    await assert.rejects(run(), /No extension-host test file to run.*matches MODELARTS_HOST_TESTS=\^no-such-test-file\$/);
  });
});
