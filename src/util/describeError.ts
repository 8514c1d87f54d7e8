/** Turns anything thrown into one line for a message or a log; never reads headers or credentials. */
import { ModelArtsError } from '../client/errors';

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
 * A short reason for a tree label: the service's message and code when there are some (the label
 * has little room), else the full description. The tooltip carries {@link describeError}.
 */
export function shortReason(error: unknown): string {
  if (error instanceof ModelArtsError && error.errorCode) {
    return `${error.serverMessage ?? error.message} (${error.errorCode})`;
  }
  return describeError(error);
}
