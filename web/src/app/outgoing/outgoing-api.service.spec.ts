import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { verifyHttpAfterEach } from '../testing/http';
import { outgoingDoc } from '../testing/outgoing-fixtures';
import { OutgoingApi } from './outgoing-api.service';

const pdf = (name: string) => new File(['%PDF-1.7'], name, { type: 'application/pdf' });

describe('OutgoingApi', () => {
  let api: OutgoingApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(OutgoingApi);
    http = TestBed.inject(HttpTestingController);
  });

  verifyHttpAfterEach();

  it('creates a draft as multipart: metadata JSON, main, source, attachments', () => {
    const docx = new File(['PK'], 'du-thao.docx', { type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    let created = '';
    api
      .create({
        metadata: {
          documentType: 'CV',
          subject: 'V/v thử',
          recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
          urgency: 'KHAN',
          secrecy: 'KHONG',
        },
        main: pdf('du-thao.pdf'),
        source: docx,
        attachments: [pdf('pl1.pdf'), pdf('pl2.pdf')],
        organisationId: 'qn-ubnd',
        reason: '  ',
      })
      .subscribe((d) => (created = d.id));
    const req = http.expectOne('/api/outgoing');
    expect(req.request.method).toBe('POST');
    const body = req.request.body as FormData;
    expect(JSON.parse(body.get('metadata') as string)).toEqual({
      documentType: 'CV',
      subject: 'V/v thử',
      recipients: [{ kind: 'ORGANISATION', organisationId: 'qn-snv' }],
      urgency: 'KHAN',
      secrecy: 'KHONG',
    });
    expect((body.get('main') as File).name).toBe('du-thao.pdf');
    expect((body.get('source') as File).name).toBe('du-thao.docx');
    expect(body.getAll('attachments').map((f) => (f as File).name)).toEqual(['pl1.pdf', 'pl2.pdf']);
    expect(body.get('organisationId')).toBe('qn-ubnd');
    // A blank reason is not sent.
    expect(body.has('reason')).toBe(false);
    req.flush(outgoingDoc({ id: 'new-1' }), { status: 201, statusText: 'Created' });
    expect(created).toBe('new-1');
  });

  it('sends a revision with its reason, only the files chosen and the changed metadata', () => {
    api.revise('d 1', { reason: ' Sửa theo ý kiến ', metadata: { subject: 'Mới' }, main: pdf('v2.pdf') }).subscribe();
    const req = http.expectOne('/api/outgoing/d%201/versions');
    const body = req.request.body as FormData;
    expect(body.get('reason')).toBe('Sửa theo ý kiến');
    expect(JSON.parse(body.get('metadata') as string)).toEqual({ subject: 'Mới' });
    expect([...body.keys()].sort()).toEqual(['main', 'metadata', 'reason']);
    req.flush(outgoingDoc());
  });

  it('posts the workflow actions with the bodies the API expects', () => {
    api.submit('d1', { extraReviewers: ['u9'] }).subscribe();
    api.approve('d1', { note: 'OK' }).subscribe();
    api.returnForRevision('d1', 'Bổ sung căn cứ').subscribe();
    api.reject('d1', 'Không ban hành').subscribe();
    api.forward('d1', { userId: 'u7' }).subscribe();
    api.issue('d1', { paperSignature: true }).subscribe();
    api.dispatch('d1').subscribe();
    const bodies = Object.fromEntries(
      ['submit', 'approve', 'return', 'reject', 'forward', 'issue', 'dispatch'].map((a) => {
        const req = http.expectOne(`/api/outgoing/d1/${a}`);
        expect(req.request.method).toBe('POST');
        req.flush(outgoingDoc());
        return [a, req.request.body];
      }),
    );
    expect(bodies).toEqual({
      submit: { extraReviewers: ['u9'] },
      approve: { note: 'OK' },
      return: { comment: 'Bổ sung căn cứ' },
      reject: { comment: 'Không ban hành' },
      forward: { userId: 'u7' },
      issue: { paperSignature: true },
      dispatch: {},
    });
  });

  it('lists with status and mine, reads the register of a year and caches the document types', () => {
    api.list({ status: 'IN_REVIEW', mine: true }).subscribe();
    const list = http.expectOne((r) => r.url === '/api/outgoing');
    expect(list.request.params.get('status')).toBe('IN_REVIEW');
    expect(list.request.params.get('mine')).toBe('true');
    list.flush({ items: [], total: 0 });

    api.register({ year: 2026 }).subscribe();
    http.expectOne('/api/outgoing/register?year=2026').flush({ year: 2026, items: [] });

    const seen: number[] = [];
    api.documentTypes().subscribe((t) => seen.push(t.length));
    http.expectOne('/api/outgoing/document-types').flush({ items: [{ code: 'CV', abbrev: null, name: 'Công văn' }] });
    api.documentTypes().subscribe((t) => seen.push(t.length));
    http.expectNone('/api/outgoing/document-types');
    expect(seen).toEqual([1, 1]);
  });

  it('manages delegations and chain templates', () => {
    api.delegate({ deputyId: 'u2', fromDate: '2026-01-01', toDate: '2026-01-10', canSign: true }).subscribe();
    const del = http.expectOne('/api/delegations');
    expect(del.request.method).toBe('POST');
    expect(del.request.body).toEqual({ deputyId: 'u2', fromDate: '2026-01-01', toDate: '2026-01-10', canSign: true });
    del.flush({});
    api.revokeDelegation('g1').subscribe();
    expect(http.expectOne('/api/delegations/g1/revoke').request.method).toBe('POST');

    api.chainTemplates('qn-stc').subscribe();
    http.expectOne('/api/admin/approval-chains?organisationId=qn-stc').flush({ items: [] });
    api.updateChainTemplate('t1', { name: 'Q', allowAddReviewers: false, afterReturn: 'RESTART', steps: [] }).subscribe();
    expect(http.expectOne('/api/admin/approval-chains/t1').request.method).toBe('PUT');
    api.retireChainTemplate('t1').subscribe();
    expect(http.expectOne('/api/admin/approval-chains/t1').request.method).toBe('DELETE');
    expect(api.fileUrl('d1', 'f1')).toBe('/api/outgoing/d1/files/f1');
    expect(api.issuedUrl('d1')).toBe('/api/outgoing/d1/issued');
  });
});
