import type { ApiResponse, Schema } from '../core/api.models';

/** A copy of a document (bản sao y, sao lục, trích sao) with its recipients and what the caller may do with it. */
export type DocumentCopy = Schema<'DocumentCopy'>;
export type CopyForm = DocumentCopy['form'];
export type CopyRoute = DocumentCopy['recipients'][number]['route'];
/** `GET /api/copies`: the copies of a document, and whether the caller may make one. */
export type CopyList = ApiResponse<'/api/copies'>;
