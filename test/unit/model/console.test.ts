/** Open in Console: the address from a cloud's template, its parts encoded, https only. */
import * as assert from 'node:assert/strict';
import { CONSOLE_URL_DEFAULTS, consoleLink } from '../../../src/model/console';

describe('console links', () => {
  it('builds the Huawei Cloud new-version job page from the default template', () => {
    assert.deepEqual(consoleLink(CONSOLE_URL_DEFAULTS.huaweicloud, { region: 'cn-north-4', id: '3faf5c03-aaa1' }),
      { url: 'https://console.huaweicloud.com/modelarts/?region=cn-north-4#/training/detail/3faf5c03-aaa1', exact: true });
  });

  it('opens the console of the region where a job\'s own page is not known (the name is then searched)', () => {
    assert.deepEqual(consoleLink(CONSOLE_URL_DEFAULTS['otc-v1'], { region: 'eu-de', id: '182626' }),
      { url: 'https://console.otc.t-systems.com/modelarts/?region=eu-de', exact: false });
  });

  it('encodes the parts, so an ID cannot change where the address goes', () => {
    const link = consoleLink('https://console.example/{region}/#/job/{id}', { region: 'eu-de', id: '../x?y#z' });
    assert.deepEqual(link, { url: 'https://console.example/eu-de/#/job/..%2Fx%3Fy%23z', exact: true });
  });

  it('refuses anything but https, a broken template, and a cloud without a console', () => {
    assert.match((consoleLink('http://console.example/{id}', { region: 'r', id: '1' }) as { error: string }).error, /must start with https/);
    assert.match((consoleLink('not a url {id}', { region: 'r', id: '1' }) as { error: string }).error, /not a valid address/);
    assert.match((consoleLink(undefined, { region: 'r', id: '1' }) as { error: string }).error, /custom endpoint/);
  });
});
