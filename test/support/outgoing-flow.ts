import { textPdf } from './documents';
import type { ApiClient } from './harness';

/**
 * A công văn of UBND tỉnh Quảng Ninh to Hạ Long, drafted in its office and approved up the chain to "awaiting
 * signature" (the chairman signs next). `as` gives a logged-in client per username.
 */
export async function approvedProvinceDocument(as: (username: string) => Promise<ApiClient>, subject: string): Promise<string> {
  const ok = (res: { status: number; body: unknown }, status: number) => {
    if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const author = await as('qn.cv.vx1');
  if (!author.xsrf) await author.get('/api/me');
  const created = await author.agent
    .post('/api/outgoing')
    .set('X-XSRF-TOKEN', author.xsrf!)
    .field(
      'metadata',
      JSON.stringify({ documentType: 'CV', subject, recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-halong' }], urgency: 'KHAN' }),
    )
    .field('organisationId', 'qn-ubnd')
    .attach('main', await textPdf([`${subject} — nội dung`]), 'Công văn.pdf');
  const { id } = ok(created, 201);
  ok(await (await as('qn.cv.vx1')).post(`/api/outgoing/${id}/submit`, {}), 200);
  for (const u of ['qn.tp.vx', 'qn.cvp', 'qn.chutich']) ok(await (await as(u)).post(`/api/outgoing/${id}/approve`, {}), 200);
  return id;
}
