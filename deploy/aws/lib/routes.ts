import { SCOPES } from './settings';

/**
 * The functions behind the API. The JSON routes share one handler class but run as three
 * functions, so each gets only the permissions its routes need: the signer never deletes, the
 * readers never write, and only the delete function (and the reconciler) may remove objects.
 */
export type ApiFunction = 'uploadApi' | 'readApi' | 'deleteApi' | 'proxiedUpload';

export interface ApiRoute {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly path: string;
  /** The token needs one of these (API Gateway checks the `scope`/`scp` claim, as the server does). */
  readonly scopes: readonly string[];
  readonly target: ApiFunction;
}

/**
 * The routes of docs/api.md with the scopes the server requires for each
 * (server/.../security/ApiSecurityConfig). `GET /v1/events` (a server-sent event stream) is not
 * here: API Gateway HTTP APIs cannot hold a stream open past their 30 s integration timeout.
 */
export const ROUTES: readonly ApiRoute[] = [
  { method: 'POST', path: '/v1/uploads', scopes: [SCOPES.write], target: 'uploadApi' },
  { method: 'POST', path: '/v1/uploads/{id}/parts', scopes: [SCOPES.write], target: 'uploadApi' },
  { method: 'GET', path: '/v1/uploads/{id}', scopes: [SCOPES.write, SCOPES.read], target: 'uploadApi' },
  { method: 'POST', path: '/v1/uploads/{id}/complete', scopes: [SCOPES.write], target: 'uploadApi' },
  { method: 'PUT', path: '/v1/uploads/{id}/content', scopes: [SCOPES.write], target: 'proxiedUpload' },
  { method: 'DELETE', path: '/v1/uploads/{id}', scopes: [SCOPES.write], target: 'deleteApi' },
  { method: 'GET', path: '/v1/assets', scopes: [SCOPES.read, SCOPES.admin], target: 'readApi' },
  { method: 'GET', path: '/v1/assets/{id}', scopes: [SCOPES.read, SCOPES.admin], target: 'readApi' },
  { method: 'GET', path: '/v1/assets/{id}/content', scopes: [SCOPES.read, SCOPES.admin], target: 'readApi' },
  { method: 'DELETE', path: '/v1/assets/{id}', scopes: [SCOPES.write], target: 'deleteApi' },
  { method: 'GET', path: '/v1/audit', scopes: [SCOPES.admin], target: 'readApi' },
];
