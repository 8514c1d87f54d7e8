/**
 * The user's connections, as stored (no secret): every one an entry of `modelarts.connections`, the
 * first one with the id `default` (moved there from the old single-connection settings on first start).
 * Each connection's secrets have their own keys in SecretStorage.
 */
import { isObject } from '../client/json';
import { t } from '../util/l10n';

/** The id of the first connection (always there, shown first, signed out or not). */
export const FIRST_CONNECTION_ID = 'default';

export type ProfileCloud = 'huaweicloud' | 'otc' | 'custom';

/** Where one connection sends requests, and what the user calls it. */
export interface ConnectionProfile {
  readonly id: string;
  /** What the tree, pickers and confirmations call it ("" for the first one when the user never named it). */
  readonly name: string;
  readonly cloud: ProfileCloud;
  readonly region: string;
  readonly endpoint: string;
  readonly iamEndpoint: string;
  readonly projectId: string;
}

/** An id is short, lower-case letters, digits and dashes: it becomes part of secret keys and tree IDs. */
const ID = /^[a-z0-9][a-z0-9-]{0,39}$/;

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

/**
 * The entries of `modelarts.connections`: each kept one has a valid, unique id and a region;
 * `problems` says what was ignored and why (for the log).
 */
export function parseProfiles(value: unknown): { readonly profiles: readonly ConnectionProfile[]; readonly problems: readonly string[] } {
  const profiles: ConnectionProfile[] = [];
  const problems: string[] = [];
  if (value !== undefined && !Array.isArray(value)) {
    return { profiles, problems: ['modelarts.connections must be a list of connections'] };
  }
  (value ?? []).forEach((entry: unknown, index: number) => {
    const raw = entryFields(entry);
    const id = text(raw.id);
    if (!ID.test(id)) {
      problems.push(`connection ${index + 1}: "id" must be lower-case letters, digits and dashes`);
    } else if (profiles.some(p => p.id === id)) {
      problems.push(`connection ${index + 1}: another connection has the id "${id}"`);
    } else if (!text(raw.region)) {
      problems.push(`connection ${index + 1}: it needs a "region"`);
    } else {
      profiles.push(profileFrom(raw));
    }
  });
  return { profiles, problems };
}

/** The fields of a raw entry of `modelarts.connections` (none when it is not an object). */
export function entryFields(entry: unknown): Readonly<Record<string, unknown>> {
  return isObject(entry) ? entry : {};
}

/** A profile from an entry's stored fields: text trimmed, a missing field empty, an unknown cloud Huawei Cloud's. */
export function profileFrom(raw: Readonly<Record<string, unknown>>): ConnectionProfile {
  const cloud = text(raw.cloud);
  return {
    id: text(raw.id), name: text(raw.name), cloud: cloud === 'otc' || cloud === 'custom' ? cloud : 'huaweicloud', region: text(raw.region),
    endpoint: text(raw.endpoint), iamEndpoint: text(raw.iamEndpoint), projectId: text(raw.projectId),
  };
}

/** A connection with nothing stored yet (no region: its requests have nowhere to go). */
export function emptyProfile(id: string, name = ''): ConnectionProfile {
  return profileFrom({ id, name });
}

/** A profile as stored in `modelarts.connections` (empty fields left out). */
export function storedProfile(profile: ConnectionProfile): Record<string, string> {
  return Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== ''));
}

/** What a connection is called: its name, else its cloud and region (`Open Telekom Cloud eu-de`). */
export function connectionLabel(profile: Pick<ConnectionProfile, 'name' | 'cloud' | 'region'>): string {
  if (profile.name) {
    return profile.name;
  }
  return `${cloudName(profile.cloud)} ${profile.region}`.trim();
}

/** What a cloud is called, in the display language (Open Telekom Cloud is a name in every language). */
export function cloudName(cloud: ProfileCloud): string {
  return cloud === 'otc' ? 'Open Telekom Cloud' : cloud === 'huaweicloud' ? t('Huawei Cloud') : t('Custom endpoint');
}

/** Where a connection's secrets are in SecretStorage. */
export interface SecretKeys {
  /** JSON of the stored `Credentials` (AK/SK(+security token) or user + password + account). */
  readonly credentials: string;
  /** JSON of the cached IAM token (password sign-in only). */
  readonly token: string;
}

/** The SecretStorage keys of a connection's credentials and cached token. */
export function secretKeysOf(id: string): SecretKeys {
  return { credentials: `modelarts.connection.${id}.credentials`, token: `modelarts.connection.${id}.iamToken` };
}

/** A new id, unlike any of `taken`: `c` and eight hex digits from `random` (0 ≤ r < 1). */
export function newConnectionId(taken: readonly string[], random: () => number = Math.random): string {
  for (;;) {
    const id = `c${Math.floor(random() * 0x100000000).toString(16).padStart(8, '0')}`;
    if (!taken.includes(id)) {
      return id;
    }
  }
}
