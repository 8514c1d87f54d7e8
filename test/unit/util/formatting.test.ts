/** Labels and tooltips helpers (plain Node): durations, ages, status groups, Markdown escaping, errors. */
import * as assert from 'node:assert/strict';
import {
  ApiError, AuthenticationError, InvalidResponseError, NetworkError, NotFoundError, ServerError, ThrottledError,
} from '../../../src/client/errors';
import { deleteFailureReason, isActive, isStoppable, statusInfo } from '../../../src/model/status';
import { describeError, shortReason } from '../../../src/util/describeError';
import { formatAge, formatDuration, formatTime } from '../../../src/util/format';
import { escapeMarkdown, field } from '../../../src/util/markdown';

describe('formatting', () => {
  it('formats durations', () => {
    assert.equal(formatDuration(undefined), '—');
    assert.equal(formatDuration(-1), '—');
    assert.equal(formatDuration(45_000), '45 s');
    assert.equal(formatDuration(532_003), '8 min 52 s');
    assert.equal(formatDuration(3 * 3600_000 + 5 * 60_000), '3 h 5 min');
    assert.equal(formatDuration(2 * 86400_000 + 4 * 3600_000), '2 d 4 h');
  });

  it('formats ages relative to now', () => {
    const now = Date.UTC(2025, 5, 2, 9);
    assert.equal(formatAge(undefined, now), '');
    assert.equal(formatAge(now - 10_000, now), 'just now');
    assert.equal(formatAge(now - 5 * 60_000, now), '5 min ago');
    assert.equal(formatAge(now - 3 * 3600_000, now), '3 h ago');
    assert.equal(formatAge(now - 12 * 86400_000, now), '12 d ago');
    assert.equal(formatAge(now - 800 * 86400_000, now), '2 y ago');
  });

  it('shows an absurd time a server sends as unknown, never as NaN', () => {
    const now = Date.UTC(2025, 5, 2, 9);
    for (const absurd of [1e20, -1e20, 9e15, 0, -1, Number.MAX_SAFE_INTEGER, 4102444800000 * 10]) {
      assert.equal(formatTime(absurd), '—', String(absurd));
      assert.equal(formatAge(absurd, now), '', String(absurd));
    }
    assert.match(formatTime(Date.UTC(2025, 5, 2, 9)), /^2025-06-0[12] \d\d:00:00$/);
  });

  it('groups statuses as the API reference suggests', () => {
    assert.deepEqual(statusInfo(8), { name: 'RUNNING', label: 'Running', group: 'running' });
    assert.equal(statusInfo(10).group, 'done');
    assert.equal(statusInfo(6).group, 'failed');
    assert.equal(statusInfo(12).group, 'stopped');
    assert.equal(statusInfo(7).group, 'inProgress');
    assert.deepEqual(statusInfo(99), { name: 'STATUS_99', label: 'Status 99', group: 'unknown' });
    assert.deepEqual([...Array(23).keys()].filter(isActive), [1, 2, 4, 7, 8, 9, 15, 18, 19]);
    assert.equal(isStoppable(9), false, 'already stopping');
    assert.equal(isStoppable(8), true);
  });

  it('takes the DELETE_FAILED reason from statusMessage when present', () => {
    assert.equal(deleteFailureReason({ statusMessage: ' OBS access denied ' }), 'OBS access denied');
    assert.equal(deleteFailureReason({}), 'ModelArts gave no reason');
  });

  it('escapes server text in Markdown', () => {
    assert.equal(escapeMarkdown('[x](command:evil) *b* <img> a|b `c`'), '\\[x\\](command:evil) \\*b\\* \\<img\\> a\\|b \\`c\\`');
    assert.equal(escapeMarkdown('# title'), '\\# title');
    assert.equal(escapeMarkdown('- item'), '\\- item');
    assert.equal(escapeMarkdown('1. first'), '1\\. first');
    assert.equal(escapeMarkdown('resnet50-imagenet v1.2 (final)'), 'resnet50-imagenet v1.2 (final)');
    assert.equal(escapeMarkdown('a\nb'), 'a b');
    assert.equal(field('Job ID', 182626), '**Job ID:** 182626');
    assert.equal(field('Data', ''), '**Data:** —');
  });

  it('describes client errors with their code and service message once', () => {
    const error = new ApiError('DELETE /v1/p/training-jobs/1/versions/2 failed', {
      errorCode: 'ModelArts.0107', serverMessage: 'The values are invalid.',
    });
    assert.equal(describeError(error), 'DELETE /v1/p/training-jobs/1/versions/2 failed (ModelArts.0107: The values are invalid.)');
    const complete = new NotFoundError('Not found: ModelArts.0015 gone', { errorCode: 'ModelArts.0015' });
    assert.equal(describeError(complete), 'Not found: ModelArts.0015 gone');
    assert.equal(describeError(new Error('plain')), 'plain');
    assert.equal(describeError('text'), 'text');
  });

  it('gives tree labels the service message and code only', () => {
    const error = new ApiError('GET /v1/p/training-jobs failed with HTTP 400', { errorCode: 'ModelArts.0104', serverMessage: 'Parameter error.' });
    assert.equal(shortReason(error), 'Parameter error. (ModelArts.0104)');
    assert.equal(shortReason(new Error('socket hang up')), 'socket hang up');
  });

  it('keeps the method and path out of tree labels for failures without a service code', () => {
    const request = { method: 'GET', path: '/v1/e1a2b3c4d5e6f708192a3b4c5d6e7f80/training-jobs' };
    assert.equal(shortReason(new ServerError('GET /v1/... answered 502', { request, status: 502 })), 'ModelArts server error (HTTP 502)');
    assert.equal(shortReason(new InvalidResponseError('GET /v1/... not JSON', { request, status: 200 })), 'unexpected answer from ModelArts (HTTP 200)');
    assert.equal(shortReason(new NetworkError('GET /v1/... refused', 'refused', true, { request })), 'connection refused');
    assert.equal(shortReason(new AuthenticationError('GET /v1/... 401', { request, status: 401 })), 'credentials rejected (HTTP 401)');
    assert.equal(shortReason(new ThrottledError('GET /v1/... 429', { request, status: 429 })), 'too many requests (HTTP 429)');
  });
});
