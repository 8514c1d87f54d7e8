import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AuthenticationError, ConfigurationError, ModelArtsClient, createClient, type CachedToken, type TokenCache,
  type TrainingJob,
} from '../../../src/client';
import { tokenOrigin, type TokenOriginParts } from '../../../src/client/auth';
import { startEmulator, type Emulator, type RecordedRequest } from '../../fixtures/emulator';
import { AUTH_MODES, clientFor, credentialsFor, rejectsWith } from './clientFixtures';

const BIG_JOB = '9007199254740993';

function modelArtsRequests(emulator: Emulator): RecordedRequest[] {
  return emulator.requests.filter(r => r.path.startsWith('/v1/'));
}

function routeCount(emulator: Emulator, route: RecordedRequest['route']): number {
  return emulator.requests.filter(r => r.route === route).length;
}

/** An in-memory TokenCache, as the extension backs with SecretStorage. */
class MemoryTokenCache implements TokenCache {
  value: CachedToken | undefined;
  sets = 0;
  async get(): Promise<CachedToken | undefined> {
    return this.value;
  }
  async set(token: CachedToken | undefined): Promise<void> {
    this.sets++;
    this.value = token;
  }
}

describe('client/ModelArtsClient against the emulator', () => {
  let emulator: Emulator;

  beforeEach(async () => {
    emulator = await startEmulator();
  });

  afterEach(async () => {
    await emulator.close();
  });

  for (const mode of AUTH_MODES) {
    describe(`with ${mode} credentials`, () => {
      it('lists jobs with the documented query and returns jobs and the total', async () => {
        const { client } = clientFor(emulator, mode);
        const page = await client.listJobs({ page: 1, perPage: 5, sortBy: 'create_time', order: 'desc', search: 'a b/ü', status: 10 });
        const list = emulator.requests.filter(r => r.route === 'listJobs');
        assert.equal(list.length, 1);
        assert.equal(list[0].status, 200);
        assert.deepEqual(list[0].query, { page: '1', per_page: '5', sortBy: 'create_time', order: 'desc', search_content: 'a b/ü', status: '10' });
        assert.ok(page.total >= page.jobs.length);
        for (const job of page.jobs) {
          assert.equal(job.status, 10);
        }

        const all = await client.listJobs();
        assert.deepEqual(emulator.requests.filter(r => r.route === 'listJobs')[1].query, { page: '1', per_page: '10', order: 'asc' });
        assert.ok(all.total >= 10, `demo data has about a dozen jobs, got ${all.total}`);
        assert.ok(all.jobs.every(j => /^[0-9]+$/.test(j.jobId) && j.jobName !== ''));
      });

      it('sends the headers of its kind of credentials and a User-Agent', async () => {
        const { client } = clientFor(emulator, mode);
        await client.listJobs();
        const request = modelArtsRequests(emulator)[0];
        assert.equal(request.headers['user-agent'], 'modelarts-vscode/1.2.3-test');
        assert.equal(request.headers['content-type'], 'application/json');
        assert.equal(request.headers['x-project-id'], emulator.projectId);
        if (mode === 'password') {
          assert.ok(request.headers['x-auth-token']);
          assert.equal(request.headers.authorization, undefined);
        } else {
          assert.match(request.headers.authorization, /^SDK-HMAC-SHA256 Access=/);
          assert.match(request.headers.authorization, /SignedHeaders=content-type;host;x-project-id;x-sdk-date/);
          assert.equal(request.headers['x-security-token'], mode === 'temporary' ? emulator.credentials.temporary.securityToken : undefined);
        }
      });

      it('reads every version of a job in pages of 1,000, stopping at the version count', async () => {
        const { client } = clientFor(emulator, mode);
        const job = emulator.jobs().find(j => j.versions.length >= 2);
        assert.ok(job);
        emulator.clearRequests();
        const all = await client.listAllVersions(job.jobId);
        assert.equal(all.jobName, job.jobName);
        assert.equal(all.versionCount, job.versions.length);
        assert.deepEqual(all.versions.map(v => v.versionId), job.versions.map(v => v.versionId));
        assert.deepEqual(emulator.requests.filter(r => r.route === 'listVersions').map(r => r.query), [{ page: '1', per_page: '1000' }]);
      });

      it('lists versions, reads details, log files and log lines', async () => {
        const { client } = clientFor(emulator, mode);
        const job = emulator.jobs().find(j => j.versions.length >= 2);
        assert.ok(job);
        const page = await client.listVersions(job.jobId, { page: 1, perPage: 100 });
        assert.equal(page.jobId, job.jobId);
        assert.equal(page.versionCount, job.versions.length);
        assert.deepEqual(page.versions.map(v => v.versionId).sort(), job.versions.map(v => v.versionId).sort());
        assert.deepEqual(emulator.requests.find(r => r.route === 'listVersions')?.query, { page: '1', per_page: '100' });

        const first = job.versions[0];
        const details = await client.getVersion(job.jobId, first.versionId);
        assert.equal(details.versionId, first.versionId);
        assert.equal(details.versionName, first.versionName);
        assert.equal(details.status, first.status);
        assert.equal(details.jobName, job.jobName);

        const files = await client.listLogFiles(job.jobId, first.versionId);
        assert.ok(files.length >= 1);
        const lines = await client.getLogLines(job.jobId, first.versionId, { logFile: files[0], lines: 5 });
        assert.equal(lines.lines, 5);
        assert.equal(lines.content.split('\n').length, 5);
        assert.match(lines.startLine, /^[0-9]{16,}$/);
        assert.match(lines.endLine, /^[0-9]{16,}$/);
        const earlier = await client.getLogLines(job.jobId, first.versionId, { logFile: files[0], lines: 3, baseLine: lines.startLine, order: 'asc' });
        assert.equal(earlier.lines, 3);
        assert.ok(BigInt(earlier.endLine) < BigInt(lines.startLine));
        const query = emulator.requests.filter(r => r.route === 'aomLog')[1].query;
        assert.deepEqual(query, { log_file: files[0], lines: '3', base_line: lines.startLine, order: 'asc' });
      });

      it('deletes a version, stops a version and deletes a job', async () => {
        const { client } = clientFor(emulator, mode);
        const job = emulator.jobs().find(j => j.versions.length >= 2);
        assert.ok(job);
        const victim = job.versions[job.versions.length - 1];
        await client.deleteVersion(job.jobId, victim.versionId);
        const after = emulator.jobs().find(j => j.jobId === job.jobId);
        assert.ok(after);
        assert.equal(after.versions.some(v => v.versionId === victim.versionId), false);

        await client.stopVersion(job.jobId, job.versions[0].versionId);
        const stop = emulator.requests.filter(r => r.route === 'stopVersion');
        assert.equal(stop.length, 1);
        assert.equal(stop[0].method, 'POST');

        const other = emulator.jobs().find(j => j.jobId !== job.jobId);
        assert.ok(other);
        await client.deleteJob(other.jobId);
        assert.equal(emulator.jobs().some(j => j.jobId === other.jobId), false);
        assert.equal(emulator.requests.filter(r => r.method === 'DELETE').length, 2);
      });
    });
  }

  it('keeps IDs above 2^53 exact from the list to the delete', async () => {
    const { client } = clientFor(emulator);
    const jobs: readonly TrainingJob[] = (await client.listJobs({ perPage: 1000 })).jobs;
    const big = jobs.find(j => j.jobId === BIG_JOB);
    assert.ok(big, `the demo data holds job ${BIG_JOB}`);
    const versions = await client.listVersions(big.jobId);
    assert.ok(versions.versions.length > 0);
    const versionId = versions.versions[0].versionId;
    assert.ok(BigInt(versionId) > 2n ** 53n, `version ${versionId} is above 2^53`);
    const details = await client.getVersion(big.jobId, versionId);
    assert.equal(details.versionId, versionId);
    emulator.clearRequests();

    await client.deleteVersion(big.jobId, versionId);

    const deletes = emulator.requests.filter(r => r.method === 'DELETE');
    assert.equal(deletes.length, 1);
    assert.equal(deletes[0].path, `/v1/${emulator.projectId}/training-jobs/${BIG_JOB}/versions/${versionId}`);
    assert.equal(deletes[0].status, 200);
    const left = emulator.jobs().find(j => j.jobId === BIG_JOB);
    assert.equal(left?.versions.some(v => v.versionId === versionId) ?? false, false);
  });

  describe('password tokens', () => {
    it('fetches one project-scoped token for many calls, also when they run concurrently', async () => {
      const { client } = clientFor(emulator, 'password');
      await Promise.all([client.listJobs(), client.listJobs(), client.listJobs({ page: 2 })]);
      await client.listJobs();
      assert.equal(routeCount(emulator, 'iamToken'), 1);
      const tokenRequest = emulator.requests.find(r => r.route === 'iamToken');
      assert.ok(tokenRequest);
      assert.equal(tokenRequest.method, 'POST');
      assert.equal(tokenRequest.query.nocatalog, 'true');
      const body = JSON.parse(tokenRequest.body) as { auth: { scope: unknown; identity: { methods: string[] } } };
      assert.deepEqual(body.auth.scope, { project: { id: emulator.projectId } });
      assert.deepEqual(body.auth.identity.methods, ['password']);
      assert.equal(routeCount(emulator, 'listJobs'), 4);
    });

    it('fetches a new token once after a 401 and repeats the request once', async () => {
      const { client, log } = clientFor(emulator, 'password');
      await client.listJobs();
      emulator.expireTokens();
      emulator.clearRequests();

      const page = await client.listJobs();

      assert.ok(page.jobs.length > 0);
      assert.deepEqual(emulator.requests.map(r => [r.route, r.status]), [['listJobs', 401], ['iamToken', 201], ['listJobs', 200]]);
      assert.deepEqual(log.slice(-3).map(e => [e.path, e.status]), [
        [`/v1/${emulator.projectId}/training-jobs`, 401], ['/v3/auth/tokens', 201], [`/v1/${emulator.projectId}/training-jobs`, 200]]);
    });

    it('shares one new token among concurrent requests refused with the old one', async () => {
      const { client } = clientFor(emulator, 'password');
      await client.listJobs();
      emulator.expireTokens();
      emulator.clearRequests();

      await Promise.all([client.listJobs(), client.listJobs(), client.listJobs()]);

      assert.equal(routeCount(emulator, 'iamToken'), 1);
      assert.deepEqual(emulator.requests.filter(r => r.route === 'listJobs').map(r => r.status).sort(), [200, 200, 200, 401, 401, 401]);
    });

    it('gives up with an AuthenticationError when the new token is refused too', async () => {
      const { client } = clientFor(emulator, 'password');
      await client.listJobs();
      emulator.clearRequests();
      emulator.inject({ route: 'listJobs', kind: 'status', status: 401, errorCode: 'APIG.0307', message: 'The token must be updated.' });

      const err = await rejectsWith(client.listJobs(), AuthenticationError);

      assert.equal(err.errorCode, 'APIG.0307');
      assert.match(err.message, /token has expired/);
      assert.deepEqual(emulator.requests.map(r => r.route), ['listJobs', 'iamToken', 'listJobs']);
    });

    it('keeps the token in the given cache and reuses it in a new client', async () => {
      const cache = new MemoryTokenCache();
      await clientFor(emulator, 'password', { tokenCache: cache }).client.listJobs();
      assert.ok(cache.value);
      assert.equal(cache.value.projectId, emulator.projectId);
      emulator.clearRequests();

      await clientFor(emulator, 'password', { tokenCache: cache }).client.listJobs();

      assert.deepEqual(emulator.requests.map(r => r.route), ['listJobs']);
    });

    it('forgets a cached token the service refuses, and stores the new one', async () => {
      const cache = new MemoryTokenCache();
      await clientFor(emulator, 'password', { tokenCache: cache }).client.listJobs();
      const old = cache.value?.token;
      emulator.expireTokens();
      emulator.clearRequests();

      await clientFor(emulator, 'password', { tokenCache: cache }).client.listJobs();

      assert.deepEqual(emulator.requests.map(r => r.route), ['listJobs', 'iamToken', 'listJobs']);
      assert.ok(cache.value);
      assert.notEqual(cache.value.token, old);
    });

    it('never sends a cached token to another endpoint: it signs in there and caches that token instead', async () => {
      const cache = new MemoryTokenCache();
      await clientFor(emulator, 'password', { tokenCache: cache }).client.listJobs();
      const first = cache.value;
      assert.ok(first);
      const other = await startEmulator();
      try {
        await clientFor(other, 'password', { tokenCache: cache }).client.listJobs();

        assert.ok(other.requests.every(r => r.headers['x-auth-token'] !== first.token), 'the first endpoint\'s token was sent to the second');
        assert.deepEqual(other.requests.map(r => [r.route, r.status]), [['iamToken', 201], ['listJobs', 200]]);
        assert.ok(cache.value);
        assert.notEqual(cache.value.token, first.token);
        assert.notEqual(cache.value.origin, first.origin);
        const stored = JSON.stringify(cache.value);
        for (const plain of [other.credentials.password, other.credentials.userName, other.credentials.domainName, '127.0.0.1']) {
          assert.ok(!stored.includes(plain), 'the cache entry names the password, the user or the host');
        }
      } finally {
        await other.close();
      }
    });

    it('does not reuse a cached token of unknown origin (stored without one)', async () => {
      const cache = new MemoryTokenCache();
      await clientFor(emulator, 'password', { tokenCache: cache }).client.listJobs();
      assert.ok(cache.value);
      cache.value = { token: cache.value.token, expiresAt: cache.value.expiresAt, projectId: cache.value.projectId };
      emulator.clearRequests();

      await clientFor(emulator, 'password', { tokenCache: cache }).client.listJobs();

      assert.deepEqual(emulator.requests.map(r => r.route), ['iamToken', 'listJobs']);
      assert.ok(cache.value.origin);
    });

    it('ties a token to both endpoints, the region, the user and the account', () => {
      const base: TokenOriginParts = {
        endpoint: 'https://modelarts.eu-de.otc.t-systems.com', iamEndpoint: 'https://iam.eu-de.otc.t-systems.com',
        region: 'eu-de', userName: 'alice', domainName: 'acme',
      };
      const origin = tokenOrigin(base);
      assert.match(origin, /^[0-9a-f]{64}$/);
      assert.equal(tokenOrigin({ ...base }), origin);
      const changes: Partial<TokenOriginParts>[] = [
        { endpoint: 'https://modelarts.evil.example' }, { iamEndpoint: 'https://iam.eu-nl.otc.t-systems.com' },
        { region: 'eu-nl' }, { userName: 'bob' }, { domainName: 'other' },
        // Field boundaries count: moving text from one field to the next is another origin.
        { domainName: 'acmea', userName: 'lice' },
      ];
      for (const change of changes) {
        assert.notEqual(tokenOrigin({ ...base, ...change }), origin, JSON.stringify(change));
      }
    });

    it('does not use a token within 5 minutes of its expiry', async () => {
      await emulator.close();
      emulator = await startEmulator({ tokenTtlMs: 4 * 60_000 });
      const { client } = clientFor(emulator, 'password');
      await client.listJobs();
      await client.listJobs();
      assert.equal(routeCount(emulator, 'iamToken'), 2);
    });

    it('refuses a wrong password with advice and without retrying', async () => {
      const { client } = clientFor(emulator, 'password', {
        credentials: { kind: 'password', userName: emulator.credentials.userName, password: 'wrong-password', domainName: emulator.credentials.domainName },
      });
      const err = await rejectsWith(client.listJobs(), AuthenticationError);
      assert.match(err.message, /^POST \/v3\/auth\/tokens was refused: authentication failed \(HTTP 401/);
      assert.match(err.message, /user name, password and account/);
      assert.equal(routeCount(emulator, 'iamToken'), 1);
      assert.equal(routeCount(emulator, 'listJobs'), 0);
    });
  });

  describe('project ID resolution', () => {
    it('looks the project up by region with AK/SK, once', async () => {
      const { client } = clientFor(emulator, 'aksk', { projectId: undefined });
      assert.equal(await client.getProjectId(), emulator.projectId);
      await client.listJobs();
      await client.listJobs();
      const lookups = emulator.requests.filter(r => r.route === 'projects');
      assert.equal(lookups.length, 1);
      assert.deepEqual(lookups[0].query, { name: emulator.region });
      assert.match(lookups[0].headers.authorization, /^SDK-HMAC-SHA256 /);
      assert.equal(lookups[0].headers['x-project-id'], undefined);
      assert.ok(modelArtsRequests(emulator).every(r => r.path.startsWith(`/v1/${emulator.projectId}/`)));
    });

    it('signs the lookup with temporary keys and their security token', async () => {
      const { client } = clientFor(emulator, 'temporary', { projectId: undefined });
      assert.equal(await client.getProjectId(), emulator.projectId);
      const lookup = emulator.requests.find(r => r.route === 'projects');
      assert.equal(lookup?.headers['x-security-token'], emulator.credentials.temporary.securityToken);
    });

    it('takes the project from a token scoped by region name with a password', async () => {
      const { client } = clientFor(emulator, 'password', { projectId: undefined });
      await client.listJobs();
      assert.equal(await client.getProjectId(), emulator.projectId);
      assert.equal(routeCount(emulator, 'projects'), 0);
      const body = JSON.parse(emulator.requests.find(r => r.route === 'iamToken')?.body ?? '{}') as { auth: { scope: unknown } };
      assert.deepEqual(body.auth.scope, { project: { name: emulator.region } });
    });

    it('explains when no project has the region name, and does not cache the failure', async () => {
      const { client } = clientFor(emulator, 'aksk', { projectId: undefined, region: 'eu-nl' });
      const err = await rejectsWith(client.listJobs(), ConfigurationError);
      assert.match(err.message, /^GET \/v3\/projects found no IAM project named "eu-nl"/);
      assert.match(err.message, /set the project ID explicitly/);
      await rejectsWith(client.getProjectId(), ConfigurationError);
      assert.equal(routeCount(emulator, 'projects'), 2);
      assert.equal(routeCount(emulator, 'listJobs'), 0);
    });

    it('retries the lookup after a failure', async () => {
      emulator.inject({ route: 'projects', kind: 'status', status: 500, times: 1 });
      const { client } = clientFor(emulator, 'aksk', { projectId: undefined });
      await assert.rejects(client.getProjectId());
      assert.equal(await client.getProjectId(), emulator.projectId);
    });

    it('refuses an ambiguous answer with several projects of the same name', async () => {
      const server = http.createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ projects: [{ id: 'aaaa', name: 'eu-de' }, { id: 'bbbb', name: 'eu-de' }] }));
      });
      await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const client = createClient({ endpoint: url, iamEndpoint: url, region: 'eu-de', credentials: credentialsFor(emulator, 'aksk') });
        const err = await rejectsWith(client.getProjectId(), ConfigurationError);
        assert.match(err.message, /found 2 IAM projects named "eu-de"/);
      } finally {
        server.closeAllConnections();
        await new Promise<void>(resolve => server.close(() => resolve()));
      }
    });
  });

  it('exposes the configured project ID without any request', async () => {
    const client = new ModelArtsClient({
      endpoint: emulator.url, iamEndpoint: emulator.url, region: 'eu-de', projectId: 'abc123', credentials: credentialsFor(emulator, 'aksk'),
    });
    assert.equal(await client.getProjectId(), 'abc123');
    assert.equal(emulator.requests.length, 0);
  });
});
