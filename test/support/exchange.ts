import type { Express } from 'express';
import { textPdf } from './documents';
import { DEMO_PASSWORD, loggedIn, type ApiClient } from './harness';

/** Polls `probe` until it returns a value (not undefined), or fails after `ms` naming `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 60_000, everyMs = 250): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export interface ExchangeRecipientView {
  kind: string;
  name: string;
  organCode: string | null;
  delivery: { status: string } | null;
  exchange: {
    status: string;
    statusCode: string | null;
    reason: string | null;
    lastError: string | null;
    history: { status: string; statusCode: string | null; description: string | null; applied: boolean }[];
  } | null;
}
export interface OutgoingView {
  id: string;
  status: string;
  sealed: boolean;
  issued: { numberAndSymbol: string } | null;
  signing: { state: string; error: string | null } | null;
  recipients: ExchangeRecipientView[];
}

const ok = (res: { status: number; body: unknown }, status: number) => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as OutgoingView;
};

/**
 * A công văn of UBND tỉnh Quảng Ninh (drafted in its office, checked, signed digitally by the chairman, issued,
 * sealed by the workers) dispatched to `recipients`. Needs the signing workers and a PKI with qn.chutich and qn-ubnd.
 */
export async function dispatchProvinceDocument(
  app: Express | string,
  subject: string,
  recipients: object[],
  clients = new Map<string, ApiClient>(),
  secrecy = 'KHONG',
): Promise<OutgoingView> {
  const as = async (u: string) => {
    if (!clients.has(u)) clients.set(u, await loggedIn(app, u));
    return clients.get(u)!;
  };
  const act = async (u: string, id: string, action: string, body: object = {}, status = 200) =>
    ok(await (await as(u)).post(`/api/outgoing/${id}/${action}`, body), status);
  const view = async (id: string) => (await (await as('qn.vanthu')).get(`/api/outgoing/${id}`)).body as OutgoingView;
  const author = await as('qn.cv.vx1');
  if (!author.xsrf) await author.get('/api/me');
  const created = await author.agent
    .post('/api/outgoing')
    .set('X-XSRF-TOKEN', author.xsrf!)
    .field('metadata', JSON.stringify({ documentType: 'CV', subject, recipients, urgency: 'KHAN', secrecy }))
    .field('organisationId', 'qn-ubnd')
    .attach('main', await textPdf([`${subject} — nội dung công văn`]), 'Công văn.pdf')
    .attach('attachments', await textPdf(['Phụ lục kèm theo']), 'Phụ lục.pdf');
  const { id } = ok(created, 201);
  await act('qn.cv.vx1', id, 'submit');
  await act('qn.tp.vx', id, 'approve');
  await act('qn.cvp', id, 'approve');
  await act('qn.chutich', id, 'approve');
  await act('qn.chutich', id, 'sign', { passphrase: DEMO_PASSWORD }, 202);
  await eventually(`the signature of ${id}`, async () => {
    const v = await view(id);
    if (v.signing?.state === 'FAILED') throw new Error(`signing failed: ${v.signing.error}`);
    return v.status === 'SIGNED' ? v : undefined;
  });
  await act('qn.vanthu', id, 'issue', {});
  await eventually(`the seal of ${id}`, async () => ((await view(id)).sealed ? true : undefined));
  return act('qn.vanthu', id, 'dispatch');
}
