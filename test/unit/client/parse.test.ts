import * as assert from 'node:assert/strict';
import { InvalidResponseError } from '../../../src/client/errors';
import {
  parseJobPage, parseJsonObject, parseLogFiles, parseLogLines, parseProjectIds, parseTokenBody, parseVersionDetails,
  parseVersionPage, protectBigIntegers, readErrorEnvelope, serviceCode, type ParseContext,
} from '../../../src/client/parse';

const ctx: ParseContext = { request: { method: 'GET', path: '/v1/p/training-jobs' }, status: 200 };

function invalidWith(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidResponseError, `expected InvalidResponseError, got ${String(err)}`);
    for (const fragment of fragments) {
      assert.ok(err.message.includes(fragment), `message "${err.message}" lacks "${fragment}"`);
    }
    return true;
  });
}

describe('client/parse', () => {
  describe('protectBigIntegers', () => {
    it('keeps integers above 2^53 exact through JSON.parse', () => {
      const text = '{"job_id":9007199254740993,"max":18446744073709551615,"neg":-9007199254740993}';
      const parsed = JSON.parse(protectBigIntegers(text)) as Record<string, unknown>;
      assert.equal(parsed.job_id, '9007199254740993');
      assert.equal(parsed.max, '18446744073709551615');
      assert.equal(parsed.neg, '-9007199254740993');
    });

    it('leaves short integers, decimals, exponents and strings alone', () => {
      const text = '{"a":123456789012345,"b":1234567890123456.5,"c":12345678901234567e2,' +
        '"d":"9007199254740993","e":"say \\"18446744073709551615\\" here","f":[1524189990635]}';
      const parsed = JSON.parse(protectBigIntegers(text)) as Record<string, unknown>;
      assert.equal(parsed.a, 123456789012345);
      assert.equal(parsed.b, 1234567890123456.5);
      assert.equal(typeof parsed.c, 'number');
      assert.equal(parsed.d, '9007199254740993');
      assert.equal(parsed.e, 'say "18446744073709551615" here');
      assert.deepEqual(parsed.f, [1524189990635]);
    });

    it('returns the input unchanged when there is nothing to protect', () => {
      const text = '{"jobs":[{"job_id":10}],"note":"x\\\\"}';
      assert.equal(protectBigIntegers(text), text);
    });

    it('handles big integers in arrays and at the end of the text', () => {
      assert.equal(protectBigIntegers('[9007199254740993,1]'), '["9007199254740993",1]');
      assert.equal(protectBigIntegers('18446744073709551615'), '"18446744073709551615"');
    });
  });

  describe('parseJsonObject', () => {
    it('names the request and HTTP status for an empty body', () => {
      invalidWith(() => parseJsonObject('  ', { ...ctx, status: 502 }), 'GET /v1/p/training-jobs', 'HTTP 502', 'empty');
    });

    it('recognises an HTML gateway page', () => {
      invalidWith(() => parseJsonObject('<html><body>Bad Gateway</body></html>', { ...ctx, status: 502 }, 'text/html'), 'HTTP 502', 'HTML');
    });

    it('reports truncated JSON as invalid, not as a SyntaxError', () => {
      invalidWith(() => parseJsonObject('{"is_success":true,"jobs":[{"job_id":1', ctx), 'HTTP 200', 'not valid JSON');
    });

    it('refuses JSON that is not an object', () => {
      invalidWith(() => parseJsonObject('[1,2]', ctx), 'not an object');
      invalidWith(() => parseJsonObject('null', ctx), 'not an object');
    });
  });

  describe('readErrorEnvelope', () => {
    it('accepts error_msg, error_message and the IAM form', () => {
      assert.deepEqual(readErrorEnvelope({ error_code: 'APIG.0301', error_msg: 'bad', request_id: 'r1' }),
        { errorCode: 'APIG.0301', message: 'bad', requestId: 'r1' });
      assert.deepEqual(readErrorEnvelope({ error_code: 'ModelArts.0105', error_message: 'Error string' }),
        { errorCode: 'ModelArts.0105', message: 'Error string', requestId: undefined });
      assert.equal(readErrorEnvelope({ error: { code: 401, message: 'The request you have made requires authentication.' } }).message,
        'The request you have made requires authentication.');
      assert.deepEqual(readErrorEnvelope(undefined), {});
    });
  });

  describe('parseJobPage', () => {
    it('normalises IDs given as numbers or strings and ignores unknown fields', () => {
      const body = parseJsonObject(JSON.stringify({
        is_success: true, job_total_count: 2, quotas: 5, job_count_limit: 3, surprise: { x: 1 },
        jobs: [
          { job_id: 10, job_name: 'a', version_id: 11, status: 10, create_time: 1524189990635, version_count: 5, user: { name: 'u' } },
          { job_id: '12', job_name: 'b', version_id: '13', status: '8', job_desc: 'd' },
        ],
      }), ctx);
      const { page, totalReported } = parseJobPage(body, ctx);
      assert.equal(totalReported, true);
      assert.equal(page.total, 2);
      assert.deepEqual(page.jobs.map(j => [j.jobId, j.latestVersionId, j.status, j.description, j.versionCount]),
        [['10', '11', 10, '', 5], ['12', '13', 8, 'd', 0]]);
      assert.equal(page.jobs[0].createTime, 1524189990635);
    });

    it('keeps a job ID above 2^53 exact', () => {
      const body = parseJsonObject('{"job_total_count":1,"jobs":[{"job_id":18446744073709551615,"job_name":"big","version_id":9007199254740993}]}', ctx);
      const job = parseJobPage(body, ctx).page.jobs[0];
      assert.equal(job.jobId, '18446744073709551615');
      assert.equal(job.latestVersionId, '9007199254740993');
    });

    it('names a missing or mistyped required field', () => {
      invalidWith(() => parseJobPage({ jobs: [{ job_name: 'x' }] }, ctx), '"jobs[0].job_id"');
      invalidWith(() => parseJobPage({ jobs: [{ job_id: 1, job_name: 'a' }, { job_id: 1.5, job_name: 'x' }] }, ctx), '"jobs[1].job_id"');
      invalidWith(() => parseJobPage({ jobs: [{ job_id: 1, job_name: 7 }] }, ctx), '"jobs[0].job_name"');
      invalidWith(() => parseJobPage({ jobs: [{ job_id: '../1', job_name: 'x' }] }, ctx), '"jobs[0].job_id"');
      invalidWith(() => parseJobPage({ total: 1 }, ctx), '"jobs"');
    });

    it('reports whether the total was given', () => {
      const { page, totalReported } = parseJobPage({ jobs: [] }, ctx);
      assert.equal(totalReported, false);
      assert.equal(page.total, 0);
      assert.equal(page.totalKnown, false);
    });

    it('does not trust an absurd total or version count', () => {
      for (const absurd of [1e18, '9999999999999999999', 10_000_001]) {
        const { page, totalReported } = parseJobPage({ job_total_count: absurd, jobs: [{ job_id: 1, job_name: 'a', version_count: absurd }] }, ctx);
        assert.equal(totalReported, false, String(absurd));
        assert.equal(page.totalKnown, false);
        assert.equal(page.total, 1, 'only what was listed');
        assert.equal(page.jobs[0].versionCount, 0);
      }
      assert.equal(parseJobPage({ job_total_count: 10_000_000, jobs: [] }, ctx).page.totalKnown, true);
    });
  });

  describe('versions', () => {
    const version = {
      version_id: 278813, version_name: 'V0004', status: 10, pre_version_id: null, engine_type: 1, engine_name: 'TensorFlow',
      parameter: [{ label: 'lr', value: 0.01 }, { label: 'flag', value: true }, { nope: 1 }],
      model_metric_list: '{"total_metric":{"total_metric_values":{"accuracy":0.9}}}',
      system_metric_list: { cpuUsage: ['1.0'], interval: 1 },
      spec_id: 1, core: 8, gpu: true, unknown_field: 'x',
    };

    it('parses metric lists given as JSON strings or as objects, and optional fields leniently', () => {
      const page = parseVersionPage({ job_id: '182626', job_name: 'job', version_count: 7, versions: [version] }, '182626', ctx);
      assert.equal(page.versionCount, 7);
      const v = page.versions[0];
      assert.equal(v.jobId, '182626');
      assert.equal(v.versionId, '278813');
      assert.equal(v.preVersionId, undefined);
      assert.deepEqual(v.parameters, [{ label: 'lr', value: '0.01' }, { label: 'flag', value: 'true' }]);
      assert.deepEqual(v.modelMetrics, { total_metric: { total_metric_values: { accuracy: 0.9 } } });
      assert.deepEqual(v.systemMetrics, { cpuUsage: ['1.0'], interval: 1 });
      assert.equal(v.specId, '1');
      assert.equal(v.core, '8');
    });

    it('treats an unparsable metric string as absent', () => {
      const page = parseVersionPage({ versions: [{ ...version, model_metric_list: '{broken', system_metric_list: '' }] }, '5', ctx);
      assert.equal(page.versions[0].modelMetrics, undefined);
      assert.equal(page.versions[0].systemMetrics, undefined);
      assert.equal(page.versions[0].jobId, '5');
      assert.equal(page.versionCount, 1);
    });

    it('passes on the reason of a DELETE_FAILED version from status_message', () => {
      const page = parseVersionPage({ versions: [{ ...version, status: 6, status_message: 'OBS access denied.' }] }, '5', ctx);
      assert.equal(page.versions[0].statusMessage, 'OBS access denied.');
      assert.equal(parseVersionPage({ versions: [version] }, '5', ctx).versions[0].statusMessage, undefined);
    });

    it('names missing version fields and refuses an answer about another job', () => {
      invalidWith(() => parseVersionPage({ versions: [{ version_id: 1, version_name: 'V1' }] }, '5', ctx), '"versions[0].status"');
      invalidWith(() => parseVersionPage({ versions: [{ version_id: 1, status: 1 }] }, '5', ctx), '"versions[0].version_name"');
      invalidWith(() => parseVersionPage({ job_id: 6, versions: [] }, '5', ctx), 'job 6 instead of job 5');
      invalidWith(() => parseVersionDetails({ job_id: 5, version_name: 'V1', status: 1 }, '5', ctx), '"version_id"');
    });

    it('parses flat version details', () => {
      const details = parseVersionDetails({ is_success: true, job_id: 5, job_name: 'j', job_desc: 'd', ...version }, '5', ctx);
      assert.equal(details.jobName, 'j');
      assert.equal(details.jobDesc, 'd');
      assert.equal(details.versionName, 'V0004');
    });
  });

  describe('logs, projects and tokens', () => {
    it('keeps log cursors as exact strings and accepts lines as a string', () => {
      const body = parseJsonObject('{"is_success":true,"start_line":1551252759254000002,"content":"Log string","end_line":"1551252759254000003","lines":"1"}', ctx);
      assert.deepEqual(parseLogLines(body), { content: 'Log string', lines: 1, startLine: '1551252759254000002', endLine: '1551252759254000003' });
    });

    it('accepts log_file_list as an array or a single string', () => {
      assert.deepEqual(parseLogFiles({ log_file_list: ['a.0', 'a.1', 3] }, ctx), ['a.0', 'a.1']);
      assert.deepEqual(parseLogFiles({ log_file_list: 'a.0' }, ctx), ['a.0']);
      invalidWith(() => parseLogFiles({}, ctx), '"log_file_list"');
    });

    it('returns the IDs of projects with exactly the region name', () => {
      const body = { projects: [{ id: 'aa', name: 'eu-de' }, { id: 'bb', name: 'eu-de_sub' }] };
      assert.deepEqual(parseProjectIds(body, 'eu-de', ctx), ['aa']);
      invalidWith(() => parseProjectIds({ projects: [{ name: 'eu-de' }] }, 'eu-de', ctx), '"projects[0].id"');
    });

    it('reads expires_at and the project of a token', () => {
      const body = { token: { expires_at: '2030-01-02T03:04:05.000000Z', project: { id: 'p1', name: 'eu-de' } } };
      assert.deepEqual(parseTokenBody(body, ctx), { expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5), projectId: 'p1' });
      invalidWith(() => parseTokenBody({ token: { expires_at: 'soon' } }, ctx), '"token.expires_at"');
      invalidWith(() => parseTokenBody({}, ctx), '"token"');
    });
  });
});

describe('serviceCode: an error_code is shown only when it looks like one', () => {
  it('accepts the codes ModelArts and the gateway send', () => {
    for (const code of ['ModelArts.0015', 'APIG.0101', 'ModelArts.50004000', 'IAM.0001']) {
      assert.equal(serviceCode(code), code);
    }
  });

  it('refuses anything else, and readErrorEnvelope then keeps no code at all', () => {
    for (const code of ['[x](command:y)', 'ModelArts.0015 ', 'ModelArts.', '.0015', 'ModelArts.123456789', 'A\u202E.1', '', 'x'.repeat(30) + '.1']) {
      assert.equal(serviceCode(code), undefined, JSON.stringify(code));
    }
    assert.equal(serviceCode(undefined), undefined);
    assert.deepEqual(readErrorEnvelope({ error_code: '[Fix](command:modelarts.signOut)', error_msg: 'm' }), { errorCode: undefined, message: 'm', requestId: undefined });
  });
});
