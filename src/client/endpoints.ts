/**
 * Where requests go: cloud presets (Huawei Cloud, Open Telekom Cloud) and the URL rule
 * (HTTPS everywhere; plain HTTP only to a loopback host, i.e. the local emulator).
 */
import { ConfigurationError } from './errors';
import { msg, t } from '../util/l10n';

export type CloudId = 'huaweicloud' | 'otc' | 'custom';

export interface RegionPreset {
  readonly cloud: Exclude<CloudId, 'custom'>;
  readonly region: string;
  /** The region's name as the cloud's console shows it, e.g. `CN North-Beijing4`. */
  readonly label: string;
  readonly endpoint: string;
  readonly iamEndpoint: string;
  /** What to know about it, when its endpoints are not the region's own. */
  readonly detail?: string;
}

/** Huawei Cloud regions that offer ModelArts (modelarts-api.md section 8.2). */
const HUAWEI_REGIONS: readonly [string, string][] = [
  ['cn-north-1', 'CN North-Beijing1'],
  ['cn-north-2', 'CN North-Beijing2'],
  ['cn-north-4', 'CN North-Beijing4'],
  ['cn-north-9', 'CN North-Ulanqab1'],
  ['cn-north-11', 'CN North-Ulanqab201'],
  ['cn-north-12', 'CN North-Ulanqab202'],
  ['cn-south-1', 'CN South-Guangzhou'],
  ['cn-east-3', 'CN East-Shanghai1'],
  ['cn-east-4', 'CN East-Shanghai2'],
  ['cn-southwest-2', 'CN Southwest-Guiyang1'],
  ['cn-southwest-3', 'CN Southwest-Guiyang2'],
  ['ap-southeast-1', 'AP-Hong Kong'],
  ['ap-southeast-2', 'AP-Bangkok'],
  ['ap-southeast-3', 'AP-Singapore'],
  ['ap-southeast-4', 'AP-Jakarta'],
  ['la-south-2', 'LA-Santiago'],
  ['la-north-2', 'LA-Mexico City2'],
  ['af-south-1', 'AF-Johannesburg'],
  ['af-north-1', 'AF-Cairo'],
  ['tr-west-1', 'TR-Istanbul'],
  ['me-east-1', 'ME-Riyadh'],
  ['sa-brazil-1', 'LA-Sao Paulo1'],
];

/** Every preset the "Configure Credentials" flow offers, Huawei Cloud first, then Open Telekom Cloud. */
export const REGION_PRESETS: readonly RegionPreset[] = [
  ...HUAWEI_REGIONS.map(([region, name]): RegionPreset => ({
    cloud: 'huaweicloud',
    region,
    label: name,
    // ap-southeast-1 is the one region whose ModelArts endpoint lives under .cn (section 8.2).
    endpoint: region === 'ap-southeast-1'
      ? 'https://modelarts.ap-southeast-1.myhuaweicloud.cn'
      : `https://modelarts.${region}.myhuaweicloud.com`,
    iamEndpoint: 'https://iam.myhuaweicloud.com',
  })),
  // OTC lists ModelArts in eu-de only; IAM exists in eu-de and eu-nl (section 8.1).
  {
    cloud: 'otc',
    region: 'eu-de',
    label: 'Germany',
    endpoint: 'https://modelarts.eu-de.otc.t-systems.com',
    iamEndpoint: 'https://iam.eu-de.otc.t-systems.com',
  },
  {
    cloud: 'otc',
    region: 'eu-nl',
    label: 'Netherlands',
    endpoint: 'https://modelarts.eu-de.otc.t-systems.com',
    iamEndpoint: 'https://iam.eu-nl.otc.t-systems.com',
    detail: msg('Sign-in and project in eu-nl; ModelArts itself is served from eu-de'),
  },
];

/** The preset for a cloud and region, or undefined. */
export function findPreset(cloud: CloudId, region: string): RegionPreset | undefined {
  return REGION_PRESETS.find(p => p.cloud === cloud && p.region === region);
}

/**
 * The only hosts plain HTTP may go to, as the README promises. Not all of 127.0.0.0/8: with `http.proxy`
 * set, VS Code's proxy support was seen sending `http://127.0.0.2` requests to the proxy, in cleartext.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for `localhost`, `127.0.0.1` and `[::1]`: hosts that never leave this machine. */
export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname.toLowerCase());
}

/**
 * Validates and normalises an endpoint URL: `https:` anywhere, `http:` only to loopback, no user info,
 * no query or fragment. Returns the origin plus any base path, without a trailing slash.
 * @param what names the setting in the error message, e.g. "ModelArts endpoint".
 */
export function normaliseEndpoint(raw: string, what: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigurationError(t('The {0} "{1}" is not a valid URL. Use a full URL such as {2}.', what, raw, 'https://modelarts.eu-de.otc.t-systems.com'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigurationError(t('The {0} must use https:// (got {1}//).', what, url.protocol));
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      t('The {0} {1} uses plain http://, which would send signed requests unencrypted. Use https://; plain http:// is allowed only for a local emulator on 127.0.0.1 or localhost.',
        what, url.origin));
  }
  if (url.username || url.password) {
    throw new ConfigurationError(t('The {0} must not contain a user name or password; store credentials with "ModelArts: Configure Credentials".', what));
  }
  if (url.search || url.hash) {
    throw new ConfigurationError(t('The {0} must not contain a query string or fragment.', what));
  }
  return (url.origin + url.pathname).replace(/\/+$/, '');
}
