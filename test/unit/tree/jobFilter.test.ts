/** The job filter's pure parts: normalising, the view description, validation, the offered statuses. */
import * as assert from 'node:assert/strict';
import {
  MAX_SEARCH_LENGTH, STATUS_FILTERS, describeFilter, filterMessage, isFilterActive, normaliseFilter, validateSearch,
} from '../../../src/tree/jobFilter';
import { statusInfo } from '../../../src/model/status';

describe('jobFilter', () => {
  it('trims the search text and drops empty parts', () => {
    assert.deepEqual(normaliseFilter({ search: '  bert ', status: 8 }), { search: 'bert', status: 8 });
    assert.deepEqual(normaliseFilter({ search: '   ' }), {});
    assert.deepEqual(normaliseFilter(undefined), {});
    assert.deepEqual(normaliseFilter({ status: 0 }), { status: 0 }, 'status 0 is a code, not "none"');
  });

  it('is active only when it narrows the list', () => {
    assert.equal(isFilterActive({}), false);
    assert.equal(isFilterActive({ search: ' ' }), false);
    assert.equal(isFilterActive(undefined), false);
    assert.equal(isFilterActive({ search: 'bert' }), true);
    assert.equal(isFilterActive({ status: 12 }), true);
  });

  it('describes the filter for the view, name first, then the status label', () => {
    assert.equal(describeFilter({ search: 'bert', status: 8 }), 'name: bert · Running');
    assert.equal(describeFilter({ search: 'bert' }), 'name: bert');
    assert.equal(describeFilter({ status: 12 }), 'Stopped');
    assert.equal(describeFilter({}), '');
  });

  it('says what the filter shows in a sentence for the view\'s message', () => {
    assert.equal(filterMessage({ search: 'bert', status: 8 }), 'Filtered: name contains "bert" · latest status Running');
    assert.equal(filterMessage({ status: 6 }), 'Filtered: latest status Delete failed');
    assert.equal(filterMessage({ search: ' ' }), '');
  });

  it('accepts up to 64 characters of search text, counted after trimming', () => {
    assert.equal(MAX_SEARCH_LENGTH, 64);
    assert.equal(validateSearch(''), undefined);
    assert.equal(validateSearch('x'.repeat(64)), undefined);
    assert.equal(validateSearch(` ${'x'.repeat(64)} `), undefined);
    assert.match(validateSearch('x'.repeat(65)) ?? '', /At most 64 characters.*now 65/);
  });

  it('offers only single status codes the API filters by exactly, each once', () => {
    assert.deepEqual([...STATUS_FILTERS].sort((a, b) => a - b), [6, 7, 8, 10, 11, 12, 13]);
    assert.deepEqual(STATUS_FILTERS.map(code => statusInfo(code).label),
      ['Running', 'Queuing', 'Completed', 'Failed', 'Stopped', 'Canceled', 'Delete failed']);
  });
});
