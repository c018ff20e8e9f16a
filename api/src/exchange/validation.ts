import { z } from 'zod';
import { PACKAGE_NOTICES } from './edxml/types';
import { statusStates } from './inbox-schema';
import { outboxStatuses } from './outbox-schema';

/** A recipient's progress over the exchange axis (outgoing page and register). */
export const exchangeStatusSchema = z
  .object({
    status: z.enum(outboxStatuses),
    statusCode: z.string().nullable().describe('the receiver’s latest status code (01–06, docs/domain.md §6.4)'),
    reason: z.string().nullable().describe('why the receiver refused it (status 02)'),
    lastError: z.string().nullable().describe('the last send failure, while retrying or once FAILED'),
    sentAt: z.string().nullable(),
    updatedAt: z.string(),
    history: z.array(
      z.object({
        status: z.enum(outboxStatuses),
        statusCode: z.string().nullable(),
        description: z.string().nullable(),
        at: z.string(),
        applied: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'ExchangeDeliveryStatus' });

const documentRef = z.object({
  id: z.string(),
  number: z.string().nullable(),
  symbol: z.string().nullable(),
  subject: z.string().nullable(),
});

/** Where an incoming record received over the exchange axis came from (exchange/received-documents.ts exchangeOrigin). */
export const exchangeOriginSchema = z
  .object({
    documentId: z.string().nullable().describe('the edXML DocumentId'),
    sender: z.object({ organId: z.string().nullable(), organName: z.string().nullable() }),
    receiverOrganCode: z.string(),
    businessType: z.number().int().nullable(),
    receivedAt: z.string(),
    packageSignature: z
      .object({
        verdict: z.literal('valid'),
        algorithm: z.string(),
        signer: z.string(),
        organisation: z.string(),
        chain: z.array(z.string()),
        revocation: z.string(),
        verifiedAt: z.string(),
      })
      .nullable()
      .describe('the verified package signature; null for a package accepted unsigned (EXCHANGE_UNSIGNED=accept-with-notice)'),
    notices: z
      .array(
        z.object({
          code: z.enum(PACKAGE_NOTICES),
          text: z.string().describe('the notice in Vietnamese, as recorded at receipt'),
          textEn: z.string(),
          attachments: z.array(z.string()).describe('the attachments concerned'),
        }),
      )
      .describe(
        'what the package did not prove (docs/domain.md §6.7): attachments its signature does not cover (their own PDF signature does), or no package signature at all',
      ),
    revoked: z.object({ at: z.string(), reason: z.string().nullable() }).nullable(),
    updatedAt: z.string().nullable(),
    changes: z.array(z.object({ kind: z.enum(['revoke', 'update']), at: z.string(), reason: z.string().nullable() })),
    replacedBy: documentRef.nullable(),
    replaces: z.array(documentRef),
    refused: z.object({ at: z.string(), reason: z.string().nullable() }).nullable(),
    statuses: z.array(
      z.object({
        code: z.string(),
        description: z.string(),
        state: z.enum(statusStates),
        createdAt: z.string(),
        sentAt: z.string().nullable(),
        error: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'ExchangeOrigin' });
