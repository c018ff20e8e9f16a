import { z } from 'zod';
import { exchangeStatusSchema } from '../exchange/validation';
import { recipientInput } from '../outgoing/validation';
import { copyForms, copyRoutes, copySourceKinds, copyStates } from './schema';

export const copyParams = z.object({ id: z.string().uuid() });

/** Multipart fields of "Sao văn bản" (the trích sao's extract comes as the file "main"). */
export const newCopyFields = z.object({
  sourceKind: z.enum(copySourceKinds),
  sourceId: z.string().uuid(),
  form: z.enum(copyForms),
  secretAuthorisation: z
    .string()
    .trim()
    .min(3)
    .max(1000)
    .optional()
    .describe('For a secret document: who authorised the copy and the reference of that decision'),
});

export const copyListQuery = z.object({
  sourceKind: z.enum(copySourceKinds).optional(),
  sourceId: z.string().uuid().optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const copySchema = z
  .object({
    id: z.string(),
    organisationId: z.string(),
    form: z.enum(copyForms),
    source: z.object({ kind: z.enum(copySourceKinds), id: z.string() }),
    year: z.number().int(),
    number: z.number().int(),
    symbol: z.string(),
    numberAndSymbol: z.string().describe('"01/SY-STC"'),
    state: z.enum(copyStates),
    secretAuthorisation: z.string().nullable(),
    createdAt: z.string(),
    signedAt: z.string().nullable(),
    dispatchedAt: z.string().nullable(),
    recipients: z.array(
      z.object({
        name: z.string(),
        kind: z.string(),
        organCode: z.string().nullable(),
        route: z.enum(copyRoutes),
        incomingDocumentId: z.string().nullable().describe('INTERNAL: the incoming record made in the recipient organisation'),
        exchange: exchangeStatusSchema.nullable().describe('EXCHANGE: the package status per receiver'),
      }),
    ),
    allowedActions: z.array(z.enum(['sign', 'dispatch'])),
  })
  .meta({ id: 'DocumentCopy' });

/** Phát hành bản sao: the recipients (nơi nhận), named as an outgoing document's are. */
const recipientKey = (r: z.output<typeof recipientInput>) =>
  r.kind === 'ORGANISATION' ? r.organisationId : r.kind === 'UNIT' ? r.unitId : r.organCode;
export const dispatchCopyBody = z.object({
  recipients: z
    .array(recipientInput)
    .min(1)
    .max(200)
    // A recipient named twice would be listed twice among the nơi nhận of the copy.
    .refine((rs) => new Set(rs.map((r) => `${r.kind}:${recipientKey(r)}`)).size === rs.length, { message: 'each recipient once' }),
});
