import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import type { Db } from '../../api/src/db/client';
import { incomingDocuments } from '../../api/src/incoming/schema';
import type { ApiClient } from './harness';

/**
 * A công văn of the Bộ Tài chính registered by the Sở Tài chính's clerk two days after it was issued, inserted as
 * registration leaves it: the rows the access tests (secret or ordinary) search, list and export.
 */
export async function insertRegisteredIncoming(
  db: Db,
  o: { subject: string; secret: boolean; registerId: string; arrivalNumber: number; clerk: string; dueDate?: string },
): Promise<string> {
  const today = todayInVietnam();
  const [d] = await db
    .insert(incomingDocuments)
    .values({
      organisationId: 'qn-stc',
      status: 'REGISTERED',
      channel: 'AXIS',
      issuerName: 'Bộ Tài chính',
      number: String(o.arrivalNumber),
      symbol: 'BTC-NSNN',
      issueDate: addDays(today, -2),
      documentType: 'Công văn',
      subject: o.subject,
      secrecy: o.secret ? 'MAT' : 'KHONG',
      registerId: o.registerId,
      arrivalYear: Number(today.slice(0, 4)),
      arrivalNumber: o.arrivalNumber,
      dueDate: o.dueDate ?? null,
      receivedAt: new Date(),
      registeredAt: new Date(),
      registeredBy: o.clerk,
      createdBy: o.clerk,
    })
    .returning();
  return d.id;
}

/**
 * A letter of the Sở Nội vụ uploaded and registered by the Sở Tài chính's clerk through the API (the clerk's own
 * steps, with the checks and jobs they start): the upload's answer and the registered document.
 */
export async function uploadAndRegister(
  clerk: ApiClient,
  pdf: Buffer,
  o: { fileName: string; number: number; issueDate: string; subject: string },
) {
  const up = await clerk.agent.post('/api/incoming').set('X-XSRF-TOKEN', clerk.xsrf!).attach('main', pdf, o.fileName);
  if (up.status !== 201) throw new Error(`upload: ${up.status} ${JSON.stringify(up.body)}`);
  const reg = await clerk.post(`/api/incoming/${up.body.id}/register`, {
    registerId: 'qn-stc-den',
    issuerName: 'Sở Nội vụ tỉnh Quảng Ninh',
    number: String(o.number),
    symbol: 'SNV-VP',
    issueDate: o.issueDate,
    documentType: 'Công văn',
    subject: o.subject,
    urgency: 'THUONG',
  });
  if (reg.status !== 200) throw new Error(`registration: ${reg.status} ${JSON.stringify(reg.body)}`);
  return { upload: up.body, view: reg.body };
}
