import { addDays, todayInVietnam } from '../../api/src/calendar/working-days';
import type { Db } from '../../api/src/db/client';
import { incomingDocuments } from '../../api/src/incoming/schema';

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
