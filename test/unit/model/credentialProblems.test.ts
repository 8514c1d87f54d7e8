/** Why a credentials check failed (plain Node): one cause, its own advice, and the step to correct. */
import * as assert from 'node:assert/strict';
import {
  ApiError, AuthenticationError, ConfigurationError, InvalidResponseError, NetworkError, NotFoundError, PermissionError,
} from '../../../src/client/errors';
import { credentialProblem, type CheckedDraft } from '../../../src/model/credentialProblems';

const preset: CheckedDraft = { cloud: 'otc', region: 'eu-de', method: 'aksk' };
const custom: CheckedDraft = { cloud: 'custom', region: 'eu-de', method: 'aksk' };
const jobs = { method: 'GET', path: '/v1/p0/training-jobs' };
const projects = { method: 'GET', path: '/v3/projects' };
const tokens = { method: 'POST', path: '/v3/auth/tokens' };

describe('credentialProblem', () => {
  it('a project code sends the user to the project ID, naming the region and the code', () => {
    const problem = credentialProblem(new ApiError('x', { request: jobs, status: 400, errorCode: 'ModelArts.0204' }), preset);
    assert.equal(problem.step, 'projectId');
    assert.equal(problem.cause, 'the project ID does not belong to these credentials in region eu-de (ModelArts.0204)');
    assert.match(problem.advice, /Leave the project ID empty/);
  });

  it('IAM refusing a token request with 400 is a project or region problem, not a password one', () => {
    const problem = credentialProblem(new ApiError('x', { request: tokens, status: 400 }), { ...preset, method: 'password' });
    assert.equal(problem.step, 'projectId');
    assert.match(problem.cause, /HTTP 400/);
  });

  it('refused credentials go to the secret the method asked for, with advice for that method only', () => {
    const refused = new AuthenticationError('x', { request: jobs, status: 401, errorCode: 'APIG.0301' });
    const aksk = credentialProblem(refused, preset);
    assert.deepEqual([aksk.step, aksk.cause], ['secretKey', 'the access key or secret key was not accepted (APIG.0301)']);
    assert.match(aksk.advice, /clock/);
    const temporary = credentialProblem(refused, { ...preset, method: 'temporary' });
    assert.equal(temporary.step, 'secretKey');
    assert.match(temporary.advice, /expire/);
    const password = credentialProblem(refused, { ...preset, method: 'password' });
    assert.equal(password.step, 'password');
    assert.doesNotMatch(password.advice, /access key/i);
  });

  it('no permission: for the project look-up it asks for the project ID; for ModelArts it names the policy', () => {
    assert.match(credentialProblem(new PermissionError('x', { request: projects, status: 403 }), preset).advice, /Enter the project ID/);
    const modelArts = credentialProblem(new PermissionError('x', { request: jobs, status: 403 }), preset);
    assert.match(modelArts.advice, /IAM policy/);
  });

  it('an endpoint that cannot be reached: the endpoint of that service for a custom place, else the region picker', () => {
    const down = (request: typeof jobs) => new NetworkError('x', 'refused', true, { request });
    assert.deepEqual(credentialProblem(down(jobs), custom).step, 'endpoint');
    assert.deepEqual(credentialProblem(down(projects), custom).step, 'iamEndpoint');
    assert.deepEqual(credentialProblem(down(jobs), preset).step, 'target');
    assert.equal(credentialProblem(down(projects), custom).cause, 'the IAM endpoint could not be reached (refused)');
  });

  it('an endpoint that answers as something else (404, not JSON) is the wrong endpoint', () => {
    assert.equal(credentialProblem(new NotFoundError('x', { request: jobs, status: 404 }), custom).step, 'endpoint');
    const html = credentialProblem(new InvalidResponseError('x', { request: tokens, status: 200 }), custom);
    assert.deepEqual([html.step, html.cause], ['iamEndpoint', 'the IAM endpoint does not answer as IAM does (HTTP 200)']);
  });

  it('no single project for the region sends the user to the region; a bad setting to the endpoint', () => {
    const lookup = credentialProblem(new ConfigurationError('x', { request: projects }), custom);
    assert.deepEqual([lookup.step, lookup.cause], ['region', 'no single IAM project is named "eu-de"']);
    assert.equal(credentialProblem(new ConfigurationError('x', { request: projects }), preset).step, 'target');
    const setting = credentialProblem(new ConfigurationError('The endpoint must use HTTPS.'), custom);
    assert.deepEqual([setting.step, setting.cause], ['endpoint', 'the endpoint must use HTTPS']);
  });

  it('anything else keeps every value and says to try again, without claiming a cause it does not know', () => {
    const server = credentialProblem(new ApiError('x', { request: jobs, status: 500, errorCode: 'ModelArts.9999' }), preset);
    assert.equal(server.cause, 'ModelArts refused the check (ModelArts.9999)');
    assert.match(server.advice, /Try again/);
    assert.equal(credentialProblem(new Error('boom'), preset).cause, 'boom');
  });
});
