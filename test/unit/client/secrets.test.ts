import * as assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { ModelArtsClient, type Credentials, type RequestLogEntry } from '../../../src/client';
import { startEmulator, type Emulator, type FaultSpec } from '../../fixtures/emulator';
import { clientFor, freePort, silentServer, type AuthMode } from './clientFixtures';

const CANARY_SK = 'CANARY-sk-7f3e9a1b5c2d4e6f';
const CANARY_WRONG_SK = 'CANARY-wrongsk-0a9b8c7d6e5f';
const CANARY_PASSWORD = 'CANARY-pw-Zq8!xV2#mK4';
const CANARY_TEMP_SK = 'CANARY-tempsk-3c4d5e6f7a8b';
const CANARY_SECURITY_TOKEN = 'CANARY-sectoken-9e8d7c6b5a4f3e2d1c0b';
const CANARIES = [CANARY_SK, CANARY_WRONG_SK, CANARY_PASSWORD, CANARY_TEMP_SK, CANARY_SECURITY_TOKEN];

/** Every way an error could be shown or serialised. */
function renderings(err: unknown): string[] {
  const e = err as Error;
  return [e.message, e.stack ?? '', String(err), JSON.stringify(err), inspect(err, { depth: 5, showHidden: true })];
}

describe('client never reveals a secret', () => {
  let emulator: Emulator;

  beforeEach(async () => {
    emulator = await startEmulator({
      credentials: {
        secretKey: CANARY_SK,
        password: CANARY_PASSWORD,
        temporary: { accessKey: 'TEMPAKCANARYTEST', secretKey: CANARY_TEMP_SK, securityToken: CANARY_SECURITY_TOKEN },
      },
    });
  });

  afterEach(async () => {
    await emulator.close();
  });

  it('in errors and log entries across every fault, for every kind of credentials', async () => {
    const errors: unknown[] = [];
    const logs: RequestLogEntry[] = [];
    const capture = async (promise: Promise<unknown>): Promise<void> => {
      try {
        await promise;
      } catch (err) {
        errors.push(err);
      }
    };
    const job = emulator.jobs()[0];
    const versionId = job.versions[0].versionId;
    const ownSecrets: Record<AuthMode, string[]> = {
      aksk: [CANARY_SK],
      temporary: [CANARY_TEMP_SK, CANARY_SECURITY_TOKEN],
      password: [CANARY_PASSWORD],
    };
    const faults = (mode: AuthMode): FaultSpec[] => [
      { route: '*', kind: 'status', status: 401 },
      { route: '*', kind: 'status', status: 403 },
      { route: '*', kind: 'status', status: 404 },
      { route: '*', kind: 'status', status: 429, retryAfterSeconds: 0 },
      { route: '*', kind: 'status', status: 500 },
      { route: '*', kind: 'html', status: 502 },
      { route: '*', kind: 'reset' },
      { route: '*', kind: 'truncated' },
      { route: '*', kind: 'apiError', errorCode: 'ModelArts.0105', message: 'Error string' },
      { route: '*', kind: 'apiError', errorCode: 'ModelArts.0206', message: 'Invalid AK/SK.' },
      // A server that echoes secrets back must not get them into our messages.
      { route: '*', kind: 'apiError', status: 400, errorCode: 'ModelArts.0104', message: `bad ${ownSecrets[mode].join(' ')} key` },
    ];
    const modes: AuthMode[] = ['aksk', 'temporary', 'password'];
    for (const mode of modes) {
      const { client } = clientFor(emulator, mode, { log: entry => logs.push(entry), projectId: undefined });
      await client.listJobs(); // a good call first, so the password mode holds a real token
      for (const fault of faults(mode)) {
        emulator.clearFaults();
        emulator.inject(fault);
        await capture(client.listJobs({ search: 'x' }));
        await capture(client.deleteVersion(job.jobId, versionId));
        await capture(client.stopVersion(job.jobId, versionId));
      }
      emulator.clearFaults();
      await capture(client.deleteVersion('../..', versionId));
    }

    const wrong: Credentials[] = [
      { kind: 'aksk', accessKey: emulator.credentials.accessKey, secretKey: CANARY_WRONG_SK },
      { kind: 'aksk', accessKey: 'TEMPAKCANARYTEST', secretKey: CANARY_TEMP_SK, securityToken: `${CANARY_SECURITY_TOKEN}x` },
      { kind: 'password', userName: emulator.credentials.userName, password: `${CANARY_PASSWORD}x`, domainName: emulator.credentials.domainName },
    ];
    for (const credentials of wrong) {
      const { client } = clientFor(emulator, 'aksk', { credentials, log: entry => logs.push(entry), projectId: undefined });
      await capture(client.listJobs());
    }

    const refusedUrl = `http://127.0.0.1:${await freePort()}`;
    const silent = await silentServer();
    try {
      for (const url of [refusedUrl, silent.url]) {
        const client = new ModelArtsClient({
          endpoint: url, iamEndpoint: url, region: 'eu-de', timeoutMs: 50, retry: { maxAttempts: 1 },
          credentials: { kind: 'password', userName: 'u', password: CANARY_PASSWORD, domainName: 'd' }, log: entry => logs.push(entry),
        });
        await capture(client.listJobs());
      }
    } finally {
      await silent.close();
    }
    const controller = new AbortController();
    controller.abort();
    await capture(clientFor(emulator, 'temporary').client.listJobs({ signal: controller.signal }));

    const issuedTokens = new Set(emulator.requests.map(r => r.headers['x-auth-token']).filter((t): t is string => !!t));
    assert.ok(issuedTokens.size >= 1, 'the password mode used a token');
    const secrets = [...CANARIES, ...issuedTokens];
    assert.ok(errors.length >= 100, `collected ${errors.length} errors`);
    assert.ok(logs.length >= 100, `collected ${logs.length} log entries`);
    for (const err of errors) {
      for (const text of renderings(err)) {
        for (const secret of secrets) {
          assert.ok(!text.includes(secret), `a secret leaked into: ${text.slice(0, 300)}`);
        }
      }
    }
    const logText = JSON.stringify(logs);
    for (const secret of secrets) {
      assert.ok(!logText.includes(secret), 'a secret leaked into the request log');
    }
    assert.ok(!logText.includes('search_content') && !logText.includes('?'), 'the request log holds no query string');
    const echoed = errors.filter(e => (e as Error).message.includes('ModelArts.0104: bad'));
    assert.equal(echoed.length, 9, 'the echoing fault answered every call of every mode');
    assert.ok(echoed.every(e => /ModelArts\.0104: bad \*\*\*( \*\*\*)? key/.test((e as Error).message)));
  });
});
