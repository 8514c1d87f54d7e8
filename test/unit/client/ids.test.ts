import * as assert from 'node:assert/strict';
import { InvalidIdError } from '../../../src/client/errors';
import { checkId, checkProjectId } from '../../../src/client/ids';

const request = { method: 'DELETE', path: '/v1/{project_id}/training-jobs/{job_id}/versions/{version_id}' };

describe('client/ids', () => {
  it('accepts digit strings, safe integers and bigints, returning exact digits', () => {
    assert.equal(checkId('182626', 'job', request), '182626');
    assert.equal(checkId('0', 'job', request), '0');
    assert.equal(checkId('18446744073709551615', 'version', request), '18446744073709551615');
    assert.equal(checkId(278813, 'version', request), '278813');
    assert.equal(checkId(9007199254740993n, 'version', request), '9007199254740993');
  });

  const bad: unknown[] = [
    '..', '.', '/', '1/2', '?', '1?x=1', '#', '1#x', '', ' 1', '1 ', '1e3', '-1', '0x10', '+1', '１２', '1.0', '%2e%2e',
    '123456789012345678901', 1.5, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -1n, null, undefined, {}, ['1'],
  ];
  for (const value of bad) {
    it(`refuses ${typeof value === 'string' ? JSON.stringify(value) : `${typeof value} ${Array.isArray(value) ? '[array]' : String(value)}`}`, () => {
      assert.throws(() => checkId(value, 'job', request), (err: unknown) => {
        assert.ok(err instanceof InvalidIdError);
        assert.match(err.message, /^DELETE \/v1\/\{project_id\}\/training-jobs\/\{job_id\}\/versions\/\{version_id\}: the job ID .* is not valid; job IDs are made of digits only/);
        assert.match(err.message, /Nothing was sent\./);
        assert.deepEqual(err.request, request);
        return true;
      });
    });
  }

  it('shortens a long rejected value in the message', () => {
    assert.throws(() => checkId('x'.repeat(500), 'version', request), (err: unknown) =>
      err instanceof InvalidIdError && err.message.length < 300 && err.message.includes('version ID'));
  });

  it('checks the form of project IDs', () => {
    assert.equal(checkProjectId('0123456789abcdef0123456789abcdef', request), '0123456789abcdef0123456789abcdef');
    for (const value of ['', '../x', 'a/b', 'a?b', 'a b', 'x'.repeat(65), 12]) {
      assert.throws(() => checkProjectId(value, request), InvalidIdError);
    }
  });
});
