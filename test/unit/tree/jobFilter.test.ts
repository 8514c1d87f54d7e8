/** The job filter's pure parts: normalising, the view description, validation, the offered statuses. */
import * as assert from 'node:assert/strict';
import {
  MAX_SEARCH_LENGTH, STATUS_FILTER_GROUPS, describeFilter, filterMessage, isFilterActive, normaliseFilter, validateSearch,
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

  it('offers every documented status once, each a single code, grouped by what it means', () => {
    const codes = STATUS_FILTER_GROUPS.flatMap(g => g.codes);
    assert.deepEqual([...codes].sort((a, b) => a - b), Array.from({ length: 22 }, (_, i) => i + 1));
    assert.deepEqual(STATUS_FILTER_GROUPS.map(g => g.title), ['Running', 'Starting or stopping', 'Finished', 'Failed', 'Stopped']);
    assert.deepEqual(STATUS_FILTER_GROUPS[0].codes.map(code => statusInfo(code).label), ['Running', 'Scaling', 'Review running']);
    assert.ok(codes.every(code => !/[A-Z]{2,}|_/.test(statusInfo(code).label)), 'human words, no service codes');
  });
});
