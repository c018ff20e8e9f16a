import type { Schema } from '../core/api.models';

/** A legal hold (phong toả), in force or lifted (`GET /api/legal-holds`). */
export type LegalHold = Schema<'LegalHold'>;
/** One entry of a document's Lịch sử xem (`GET /api/{incoming|outgoing}/:id/views`). */
export type DocumentView = Schema<'DocumentView'>;
/** A permission change awaiting (or given) confirmation (`GET /api/admin/permission-alerts`). */
export type PermissionAlert = Schema<'PermissionAlert'>;
