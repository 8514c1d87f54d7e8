/**
 * Asks a local ModelArts emulator (test/fixtures/emulator) for its region, project and demo
 * credentials (`GET {url}/emulator/info`), so that `npm start` shows demo jobs with no set-up.
 * Only loopback URLs are accepted: the answer is stored as credentials.
 */
import fetch from 'node-fetch';
import { isLoopbackHost } from './endpoints';
import { ConfigurationError, InvalidResponseError, NetworkError } from './errors';

/** What the emulator reports about itself. */
export interface EmulatorInfo {
  /** The emulator's origin, to use as both the ModelArts and the IAM endpoint. */
  readonly url: string;
  readonly region: string;
  readonly projectId: string;
  readonly credentials: { readonly accessKey: string; readonly secretKey: string };
}

const INFO_PATH = '/emulator/info';

/** An emulator's info is a few hundred bytes; a larger answer is not an emulator's. */
const MAX_INFO_BYTES = 64 * 1024;

/**
 * The origin of a loopback `http(s)://` URL, e.g. `http://127.0.0.1:8080`. Throws a
 * {@link ConfigurationError} for anything else.
 */
export function loopbackOrigin(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigurationError(`"${raw}" is not a URL. Enter the emulator's URL, e.g. http://127.0.0.1:8080.`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !isLoopbackHost(url.hostname)) {
    throw new ConfigurationError(
      `${url.protocol}//${url.host} is not a local emulator: only http(s)://127.0.0.1, localhost or [::1] URLs are accepted.`);
  }
  return url.origin;
}

/** Fetches the emulator's info; throws a typed `ModelArtsError` naming `GET /emulator/info` on failure. */
export async function fetchEmulatorInfo(rawUrl: string, timeoutMs = 5000): Promise<EmulatorInfo> {
  const origin = loopbackOrigin(rawUrl);
  const request = { method: 'GET', path: INFO_PATH };
  let body: unknown;
  let status: number;
  try {
    // No redirect is followed: the answer becomes stored credentials, so it must come from this origin.
    const response = await fetch(origin + INFO_PATH, {
      timeout: timeoutMs, size: MAX_INFO_BYTES, redirect: 'manual', headers: { accept: 'application/json' },
    });
    status = response.status;
    if (status >= 300 && status < 400) {
      throw new InvalidResponseError(
        `GET ${INFO_PATH} on ${origin} answered with a redirect (HTTP ${status}), which is not followed. Enter the emulator's own URL.`,
        { request, status });
    }
    const text = await response.text();
    body = status === 200 ? JSON.parse(text) : undefined;
  } catch (error) {
    if (error instanceof InvalidResponseError) {
      throw error;
    }
    if ((error as { type?: unknown }).type === 'max-size') {
      throw new InvalidResponseError(`GET ${INFO_PATH} on ${origin} answered more than ${MAX_INFO_BYTES / 1024} KB. Is this a ModelArts emulator?`, { request });
    }
    if (error instanceof SyntaxError) {
      throw new InvalidResponseError(`GET ${INFO_PATH} on ${origin} did not answer JSON. Is this a ModelArts emulator?`, { request });
    }
    throw new NetworkError(
      `GET ${INFO_PATH} on ${origin} failed: ${(error as Error).message}. Start the emulator (npm run emulator) or check the URL.`,
      'other', false, { request, cause: error });
  }
  const info = body as { region?: unknown; projectId?: unknown; credentials?: { accessKey?: unknown; secretKey?: unknown } } | undefined;
  if (status !== 200 || !info || typeof info.region !== 'string' || typeof info.projectId !== 'string'
    || typeof info.credentials?.accessKey !== 'string' || typeof info.credentials.secretKey !== 'string') {
    throw new InvalidResponseError(
      `GET ${INFO_PATH} on ${origin} answered HTTP ${status} without the expected region, projectId and credentials. Is this a ModelArts emulator?`,
      { request, status });
  }
  return {
    url: origin,
    region: info.region,
    projectId: info.projectId,
    credentials: { accessKey: info.credentials.accessKey, secretKey: info.credentials.secretKey },
  };
}
