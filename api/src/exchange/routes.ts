import { z } from 'zod';
import type { Db } from '../db/client';
import { ApiRouter } from '../http/api-router';
import { refuseReceived } from './received-documents';

/** The receiving clerk's exchange actions on an incoming record. */
export function exchangeIncomingRoutes(db: Db) {
  return new ApiRouter('/api/incoming', 'Incoming documents').route(
    {
      method: 'post',
      path: '/:id/refuse',
      summary: 'Refuse a document received over the exchange and return it to its sender (status 02 with the reason)',
      access: 'user',
      params: z.object({ id: z.string().trim().min(1).max(100) }),
      body: z.object({ reason: z.string().trim().min(1).max(1000) }),
      status: 204,
      problems: [403, 404, 409],
    },
    async ({ actor, params, body }) => refuseReceived(db, actor!, params.id, body.reason),
  );
}
