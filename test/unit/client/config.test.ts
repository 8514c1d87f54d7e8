import * as assert from 'node:assert/strict';
import { ConfigurationError, createClient, type ClientConfig } from '../../../src/client';
import { nonPrintableAt } from '../../../src/client/ids';

const BASE: ClientConfig = {
  endpoint: 'https://modelarts.eu-de.otc.t-systems.com',
  iamEndpoint: 'https://iam.eu-de.otc.t-systems.com',
  region: 'eu-de',
  credentials: { kind: 'aksk', accessKey: 'AKEXAMPLE', secretKey: 'config-test-secret-value' },
};

function refused(config: Partial<ClientConfig> | Record<string, unknown>, pattern: RegExp): void {
  assert.throws(() => createClient({ ...BASE, ...config } as ClientConfig), (err: unknown) => {
    assert.ok(err instanceof ConfigurationError, `expected ConfigurationError, got ${String(err)}`);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes('config-test-secret-value'));
    return true;
  });
}

describe('client configuration', () => {
  it('accepts HTTPS endpoints and plain HTTP to loopback only', () => {
    assert.ok(createClient(BASE));
    assert.ok(createClient({ ...BASE, endpoint: 'http://127.0.0.1:8080', iamEndpoint: 'http://localhost:8080/' }));
    assert.ok(createClient({ ...BASE, endpoint: 'http://[::1]:8080' }));
  });

  it('refuses plain HTTP to any other host with a clear reason', () => {
    refused({ endpoint: 'http://modelarts.eu-de.otc.t-systems.com' }, /ModelArts endpoint http:\/\/modelarts\.eu-de\.otc\.t-systems\.com uses plain http:\/\/.*Use https:\/\//);
    refused({ iamEndpoint: 'http://10.0.0.1' }, /IAM endpoint .* uses plain http:\/\//);
    refused({ endpoint: 'http://127.0.0.1.nip.io' }, /plain http:\/\//);
    // Only 127.0.0.1, [::1] and localhost: a proxy may take the rest of 127.0.0.0/8 (in cleartext).
    for (const endpoint of ['http://127.0.0.2:8080', 'http://127.1.2.3', 'http://0.0.0.0:8080', 'http://[::ffff:127.0.0.1]:8080']) {
      refused({ endpoint }, /plain http:\/\//);
    }
    assert.ok(createClient({ ...BASE, endpoint: 'https://127.0.0.2:8443' }), 'HTTPS goes anywhere');
  });

  it('refuses other schemes, URLs with credentials or a query, and non-URLs', () => {
    refused({ endpoint: 'ftp://modelarts.example.com' }, /ModelArts endpoint must use https:\/\/ \(got ftp:\/\/\)/);
    refused({ endpoint: 'file:///etc/passwd' }, /must use https:\/\//);
    refused({ iamEndpoint: 'javascript:alert(1)' }, /IAM endpoint must use https:\/\//);
    refused({ endpoint: 'https://user:pw@modelarts.example.com' }, /must not contain a user name or password/);
    refused({ endpoint: 'https://modelarts.example.com/?x=1' }, /must not contain a query string/);
    refused({ endpoint: 'modelarts.example.com' }, /is not a valid URL/);
    refused({ endpoint: undefined }, /is not a valid URL/);
  });

  it('refuses a bad region or project ID', () => {
    refused({ region: '' }, /region must be a region name/);
    refused({ region: 'eu-de/../x' }, /region must be a region name/);
    refused({ projectId: '../other' }, /configured project ID is not valid/);
    assert.ok(createClient({ ...BASE, projectId: '' }), 'an empty project ID means "look it up"');
  });

  it('refuses missing or empty credentials without echoing them', () => {
    refused({ credentials: undefined }, /No credentials are configured/);
    refused({ credentials: { kind: 'aksk', accessKey: 'AK', secretKey: '' } }, /access key and secret key must both be set/);
    refused({ credentials: { kind: 'aksk', accessKey: 'AK', secretKey: 'config-test-secret-value', securityToken: '' } }, /security token .* is empty/);
    refused({ credentials: { kind: 'password', userName: 'u', password: 'config-test-secret-value', domainName: '' } }, /user name, password and account/);
  });

  it('refuses a credential with an invisible or non-ASCII character, naming the field and where, never the value', () => {
    refused({ credentials: { kind: 'aksk', accessKey: 'AK', secretKey: 'config-test-secret', securityToken: 'config-test-token\u200b' } },
      /The security token holds a character that is not printable ASCII at position 18 \(U\+200B\)/);
    refused({ credentials: { kind: 'aksk', accessKey: 'AK', secretKey: 'config\u00a0test-secret' } }, /The secret access key .* position 7 \(U\+00A0\)/);
    refused({ credentials: { kind: 'aksk', accessKey: 'A K', secretKey: 'config-test-secret' } }, /The access key ID .* position 2 \(U\+0020\)/);
    refused({ credentials: { kind: 'password', userName: 'u', password: 'pass\nword', domainName: 'd' } }, /The password .* position 5 \(U\+000A\)/);
    assert.ok(createClient({ ...BASE, credentials: { kind: 'password', userName: 'u', password: 'pass word!', domainName: 'd' } }), 'a space in a password is fine');
    assert.equal(nonPrintableAt('abc~!'), undefined);
    assert.equal(nonPrintableAt('😀'), 'position 1 (U+1F600)');
  });

  it('refuses a bad timeout or retry policy', () => {
    refused({ timeoutMs: 0 }, /timeout must be a positive number/);
    refused({ timeoutMs: Number.NaN }, /timeout must be a positive number/);
    refused({ retry: { maxAttempts: 0 } }, /retry policy is not valid/);
    refused({ retry: { baseDelayMs: -1 } }, /retry policy is not valid/);
  });
});
