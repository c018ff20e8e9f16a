import { type ApiBody, type ApiQuery, type ApiResponse, type Schema, listOf } from '../core/api.models';
/** Types of the case-files API (`/api/case-files`), named over the generated contract. */

export type CaseFileSummary = Schema<'CaseFileSummary'>;
export type CaseFile = Schema<'CaseFile'>;

export type CaseFileStatus = CaseFileSummary['status'];
export const CASE_FILE_STATUSES = listOf<CaseFileStatus>()('OPEN', 'CLOSED', 'TRANSFERRED', 'DISPOSED');
/** What the caller may do now with a case file, as the server decides. */
export type CaseFileAction = CaseFile['allowedActions'][number];
export type TransferState = NonNullable<CaseFileSummary['transfer']>['state'];

export type FiledDocument = CaseFile['documents'][number];
export type DocumentKind = FiledDocument['kind'];
export type DisposalApproval = CaseFile['disposal']['approvals'][number];

/** The list's criteria (year null = every year; status '' = any). */
export type CaseFileFilter = Omit<ApiQuery<'/api/case-files'>, 'year' | 'status'> & { year?: number | null; status?: CaseFileStatus | '' };

export type CreateCaseFileRequest = ApiBody<'/api/case-files', 'post'>;
export type UpdateCaseFileRequest = ApiBody<'/api/case-files/{id}', 'patch'>;

export type FileTarget = ApiResponse<'/api/case-files/targets'>['items'][number];
export type DispositionReport = ApiResponse<'/api/case-files/disposition'>;
export type Catalogue = ApiResponse<'/api/case-files/catalogue'>;
