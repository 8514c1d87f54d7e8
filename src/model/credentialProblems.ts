/**
 * Why a check of new credentials failed, as one cause with the advice for that cause only, and the
 * step of Configure Credentials where it is put right. Pure: unit-tested in plain Node.
 */
import {
  ApiError, AuthenticationError, ConfigurationError, InvalidResponseError, ModelArtsError, NetworkError, NotFoundError, PermissionError,
} from '../client/errors';
import { t } from '../util/l10n';

/** The steps a problem can send the user back to (named as in the credentials flow). */
export type ProblemStep = 'target' | 'endpoint' | 'iamEndpoint' | 'region' | 'method' | 'accessKey' | 'secretKey' | 'securityToken' | 'password' | 'projectId';

/** What the draft says about the place and the way of signing in. */
export interface CheckedDraft {
  readonly cloud: string;
  readonly region: string;
  readonly method: 'aksk' | 'temporary' | 'password';
}

/** One cause, the advice for it, and the step to edit. */
export interface CredentialProblem {
  /** One line, lower case first: follows "The credentials were not saved: ". */
  readonly cause: string;
  readonly advice: string;
  readonly step: ProblemStep;
}

const PROJECT_CODES = new Set(['ModelArts.0201', 'ModelArts.0204', 'ModelArts.0207', 'ModelArts.0210', 'ModelArts.0212']);

/** The place steps: a custom endpoint's own, or the cloud and region picker. */
function placeStep(draft: CheckedDraft, custom: ProblemStep): ProblemStep {
  return draft.cloud === 'custom' ? custom : 'target';
}

function code(error: ModelArtsError): string {
  return error.errorCode ? ` (${error.errorCode})` : error.status !== undefined ? ` (HTTP ${error.status})` : '';
}

/** The problem behind `error`, thrown while checking `draft`. */
export function credentialProblem(error: unknown, draft: CheckedDraft): CredentialProblem {
  if (!(error instanceof ModelArtsError)) {
    return { cause: error instanceof Error ? error.message : String(error), advice: t('See "ModelArts: Show Extension Log" for details.'), step: 'projectId' };
  }
  if (PROJECT_CODES.has(error.errorCode ?? '')) {
    return {
      cause: t('the project ID does not belong to these credentials in region {0}{1}', draft.region, code(error)),
      advice: t('Leave the project ID empty to use the project of region {0}, or copy it from My Credentials > API Credentials > Projects.', draft.region),
      step: 'projectId',
    };
  }
  if (error.request?.path === '/v3/auth/tokens' && error.status === 400) {
    return {
      cause: t('IAM has no project for the project ID or region given{0}', code(error)),
      advice: t('Leave the project ID empty to use the project of region {0}, or check the region.', draft.region),
      step: 'projectId',
    };
  }
  if (error instanceof AuthenticationError) {
    return signInProblem(error, draft);
  }
  if (error instanceof PermissionError) {
    return error.request?.path === '/v3/projects'
      ? { cause: t('these credentials may not look up the project of region {0}{1}', draft.region, code(error)), advice: t('Enter the project ID (My Credentials > API Credentials > Projects).'), step: 'projectId' }
      : { cause: t('these credentials may not use ModelArts in this project{0}', code(error)), advice: t('Ask the account administrator for ModelArts permissions (an IAM policy), or choose another project.'), step: 'projectId' };
  }
  return placeProblem(error, draft);
}

/** The credentials themselves were refused. */
function signInProblem(error: AuthenticationError, draft: CheckedDraft): CredentialProblem {
  if (draft.method === 'password') {
    return {
      cause: t('the IAM user name, password or account name was not accepted{0}', code(error)),
      advice: t('Check the account name, the user name and the password, and that this user may sign in with a password.'),
      step: 'password',
    };
  }
  if (draft.method === 'temporary') {
    return {
      cause: t('the temporary access key, secret key or security token was not accepted{0}', code(error)),
      advice: t('Temporary keys expire: get new ones, and check that this computer\'s clock is correct.'),
      step: 'secretKey',
    };
  }
  return {
    cause: t('the access key or secret key was not accepted{0}', code(error)),
    advice: t('Check the access key ID and secret key (My Credentials > Access Keys), and that this computer\'s clock is correct.'),
    step: 'secretKey',
  };
}

/** The place (endpoint, region) is wrong or cannot be reached. */
function placeProblem(error: ModelArtsError, draft: CheckedDraft): CredentialProblem {
  if (error instanceof NetworkError) {
    const iam = error.request?.path.startsWith('/v3/') === true;
    return {
      cause: t('the {0} endpoint could not be reached ({1})', iam ? 'IAM' : 'ModelArts', error.failure),
      advice: t('Check the endpoint URL, your network connection and any proxy or VPN.'),
      step: placeStep(draft, iam ? 'iamEndpoint' : 'endpoint'),
    };
  }
  if (error instanceof NotFoundError || error instanceof InvalidResponseError) {
    const iam = error.request?.path.startsWith('/v3/') === true;
    return {
      cause: t('the {0} endpoint does not answer as {0} does{1}', iam ? 'IAM' : 'ModelArts', code(error)),
      advice: t('Check that the endpoint URL is the one of this service and region.'),
      step: placeStep(draft, iam ? 'iamEndpoint' : 'endpoint'),
    };
  }
  if (error instanceof ConfigurationError) {
    const lookup = error.request?.path === '/v3/projects';
    return {
      cause: lookup ? t('no single IAM project is named "{0}"', draft.region) : error.message.replace(/^The /, 'the ').replace(/\.$/, ''),
      advice: lookup ? t('Check the region, or enter the project ID.') : t('Correct it and try again.'),
      step: lookup ? placeStep(draft, 'region') : placeStep(draft, 'endpoint'),
    };
  }
  const cause = error instanceof ApiError ? t('ModelArts refused the check{0}', code(error)) : t('ModelArts could not answer the check{0}', code(error));
  return { cause, advice: t('Try again in a moment; if it keeps failing, see "ModelArts: Show Extension Log".'), step: 'projectId' };
}
