/**
 * Types of the vanthu HTTP API, named over the types generated from its OpenAPI document (`npm run contract` →
 * api.generated.ts). Nothing here restates a shape: a change to the API's zod schemas reaches the web through the
 * generated file, and a consumer that no longer fits fails the build.
 */
import type { components, paths } from './api.generated';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : never;

/** A named schema of the contract (`components.schemas`). */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];
/** The JSON a route answers with on success. */
export type ApiResponse<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R } ? JsonOf<R[Extract<keyof R, 200 | 201 | 202>]> : never;
/** The JSON body a route takes. */
export type ApiBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonOf<NonNullable<B>> : never;
/** The query parameters a route takes. */
export type ApiQuery<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/**
 * Every value of a contract enum, listed once for the screens that offer them in order (selects, filters): a value
 * left out, or one the API does not know, fails the build (`missing: …`).
 */
export function listOf<T extends string>() {
  return <const A extends readonly T[]>(
    ...values: A & ([Exclude<T, A[number]>] extends [never] ? unknown : { missing: Exclude<T, A[number]> })
  ) => values as A;
}

/**
 * A dictionary group with a label for every value of a contract enum (`… satisfies LabelsOf<Channel>`): a value the
 * API adds fails the build until it has one. Other keys of the group (a heading, a hint) are allowed beside them.
 */
export type LabelsOf<T extends string> = Record<T, string> & Record<string, string>;

export type RoleGrant = Schema<'RoleGrant'>;
export type RoleCode = RoleGrant['role'];
export const ROLE_CODES = listOf<RoleCode>()(
  'VAN_THU',
  'CHUYEN_VIEN',
  'TRUONG_PHONG',
  'CHANH_VAN_PHONG',
  'KIEM_TRA_THE_THUC',
  'LANH_DAO_CO_QUAN',
  'LUU_TRU',
  'QUAN_TRI',
  'COPY_SIGN',
);

export type Me = Schema<'Me'>;
/** `GET /api/me`: the signed-in user, or that nobody is signed in (an answer, not an error). */
export type MeAnswer = Schema<'MeAnswer'>;

/** One active person of an organisation (`GET /api/organisations/:id/people`), for pickers. */
export type OrganisationPerson = ApiResponse<'/api/organisations/{organisationId}/people'>['items'][number];
export type Unit = Schema<'Unit'>;
export type Organisation = Schema<'Organisation'>;

export type AdminUser = Schema<'AdminUser'>;
export type UserUpdateRequest = ApiBody<'/api/admin/users/{id}', 'patch'>;
export type RoleGrantRequest = ApiBody<'/api/admin/users/{id}/roles', 'post'>;
export type CreateUserRequest = ApiBody<'/api/admin/users', 'post'>;
export type CreateUnitRequest = ApiBody<'/api/admin/organisations/{organisationId}/units', 'post'>;

export interface ItemsResponse<T> {
  items: T[];
}

/**
 * RFC 9457 problem details as sent by the API (`title` Vietnamese, `detail` English), or made by the client when no
 * answer came (i18n/client-problems.ts): those have no `type`.
 */
export type Problem = Omit<Schema<'Problem'>, 'type'> & { type?: string };
export type FieldProblem = NonNullable<Problem['errors']>[number];
