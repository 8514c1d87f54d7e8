/** Turns anything thrown into one line for a message or a log; never reads headers or credentials. */
import { msg, t } from './l10n';
import {
  AuthenticationError, InvalidResponseError, ModelArtsError, NetworkError, NotFoundError, PermissionError, ServerError,
  ThrottledError,
} from '../client/errors';

/**
 * One line saying what went wrong. For a {@link ModelArtsError} it is the client's message (which
 * names the method and path and says what to do) plus the service's `error_code` and message when
 * the client's text does not already carry them.
 */
export function describeError(error: unknown): string {
  if (error instanceof ModelArtsError) {
    let text = error.message;
    const extra: string[] = [];
    if (error.errorCode && !text.includes(error.errorCode)) {
      extra.push(error.errorCode);
    }
    if (error.serverMessage && !text.includes(error.serverMessage)) {
      extra.push(error.serverMessage);
    }
    if (extra.length > 0) {
      text += ` (${extra.join(': ')})`;
    }
    return text;
  }
  if (error instanceof Error) {
    return error.message || error.name;
  }
  return String(error);
}

/**
 * A short reason for a tree label, which has little room: the service's message and code when there
 * are some, else what kind of failure it was and the HTTP status (the client's full message starts
 * with the method and path, which would fill the label). The tooltip carries {@link describeError}.
 */
export function shortReason(error: unknown): string {
  if (!(error instanceof ModelArtsError)) {
    return describeError(error);
  }
  if (error.errorCode) {
    return `${error.serverMessage ?? error.message} (${error.errorCode})`;
  }
  const status = error.status !== undefined ? ` (HTTP ${error.status})` : '';
  if (error instanceof NetworkError) {
    return t(NETWORK_REASONS[error.failure]);
  }
  if (error instanceof AuthenticationError) {
    return t('credentials rejected{0}', status);
  }
  if (error instanceof PermissionError) {
    return t('permission denied{0}', status);
  }
  if (error instanceof NotFoundError) {
    return t('not found{0}', status);
  }
  if (error instanceof ThrottledError) {
    return t('too many requests{0}', status);
  }
  if (error instanceof ServerError) {
    return t('ModelArts server error{0}', status);
  }
  if (error instanceof InvalidResponseError) {
    return t('unexpected answer from ModelArts{0}', status);
  }
  return describeError(error);
}

const NETWORK_REASONS: Record<NetworkError['failure'], string> = {
  dns: msg('host name not found'),
  refused: msg('connection refused'),
  reset: msg('connection reset'),
  timeout: msg('request timed out'),
  'cut-off': msg('answer cut off'),
  other: msg('network error'),
};
