import fs from 'node:fs';
import path from 'node:path';
import { ApiClient, loggedIn, startTestApp, type TestApp } from '../support/harness';
import { users } from '../../api/src/users/schema';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('API conventions', () => {
  it('answers an unknown API route with a 404 problem', async () => {
    const res = await new ApiClient(t.app).get('/api/no/such/thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      code: 'route.not_found',
      status: 404,
      title: expect.any(String),
      detail: expect.stringContaining('/api/no/such/thing'),
    });
  });

  it('answers malformed JSON with 400 and writes nothing', async () => {
    const admin = await loggedIn(t.app, 'qn.admin');
    const before = await t.database.db.$count(users);
    const res = await admin.agent
      .post('/api/admin/users')
      .set('X-XSRF-TOKEN', admin.xsrf!)
      .set('Content-Type', 'application/json')
      .send('{"username": "broken",');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('request.malformed_json');
    expect(await t.database.db.$count(users)).toBe(before);
  });

  it('answers an oversized body with 413', async () => {
    const admin = await loggedIn(t.app, 'qn.admin');
    const res = await admin.post('/api/admin/users', { username: 'big', fullName: 'x'.repeat(2_000_000) });
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('request.too_large');
  });

  it('echoes a caller-supplied request id and makes one up otherwise', async () => {
    const given = await new ApiClient(t.app).agent.get('/api/organisations').set('X-Request-Id', 'trace-123');
    expect(given.headers['x-request-id']).toBe('trace-123');
    expect(given.body.requestId).toBe('trace-123');
    const made = await new ApiClient(t.app).get('/api/organisations');
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves an OpenAPI 3.1 document describing every route with its schemas', async () => {
    const res = await new ApiClient(t.app).get('/api/openapi.json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/me',
        '/api/organisations',
        '/api/admin/users',
        '/api/admin/users/{id}/roles/{grantId}',
        '/api/health',
      ]),
    );
    const create = doc.paths['/api/admin/users'].post;
    expect(create.requestBody.content['application/json'].schema.required).toEqual(
      expect.arrayContaining(['username', 'fullName', 'password', 'organisationId']),
    );
    expect(create.responses['422'].content['application/problem+json']).toBeDefined();
    expect(doc.paths['/api/admin/users/{id}/roles/{grantId}'].delete.parameters.map((p: { name: string }) => p.name)).toEqual([
      'id',
      'grantId',
    ]);
  });

  it('reports health of database and Redis (degraded while no worker listens)', async () => {
    const res = await new ApiClient(t.app).get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'degraded',
      database: { ok: true, driver: 'postgres' },
      redis: { ok: true },
      workers: { ok: false },
    });
    expect(res.body.workers.queues.maintenance.workers).toBe(0);
  });

  it('lists the active people of an organisation for pickers, and 404 for an unknown one', async () => {
    const c = await loggedIn(t.app, 'stc.cv.qlns');
    const res = await c.get('/api/organisations/qn-stc/people');
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { fullName: string }) => p.fullName)).toEqual(expect.arrayContaining(['Bùi Văn Long', 'Lý Thị Ngọc']));
    expect(res.body.items.find((p: { fullName: string }) => p.fullName === 'Lý Thị Ngọc')).toMatchObject({
      unitId: 'stc-qlns',
      unitName: 'Phòng Quản lý ngân sách',
    });
    expect((await c.get('/api/organisations/no-such/people')).status).toBe(404);
  });

  it('lists the organisation tree parents first, including dissolved bodies with their end date', async () => {
    const c = await loggedIn(t.app, 'qn.vanthu');
    const res = await c.get('/api/organisations');
    const items: { id: string; parentId: string | null; depth: number; validTo: string | null }[] = res.body.items;
    expect(items[0]).toMatchObject({ id: 'qn-ubnd', parentId: null, depth: 0 });
    const position = new Map(items.map((o, i) => [o.id, i]));
    for (const o of items) if (o.parentId) expect(position.get(o.parentId)!).toBeLessThan(position.get(o.id)!);
    expect(items.find((o) => o.id === 'hl-baichay')).toMatchObject({ parentId: 'qn-halong', depth: 2, validTo: '2025-06-30' });
    expect(items.find((o) => o.id === 'qn-stttt')!.validTo).toBe('2025-02-28');
  });
});

describe('citations of the project notes (docs/)', () => {
  const root = path.resolve(__dirname, '../..');
  const sources = [
    ...['api', 'workers', 'web/src', 'scripts', 'test'].flatMap((dir) =>
      (fs.readdirSync(path.join(root, dir), { recursive: true }) as string[])
        .filter((f) => /\.(ts|mjs|js|sql|html|scss)$/.test(f) && !f.split(path.sep).includes('node_modules'))
        .map((f) => path.join(dir, f)),
    ),
    'README.md',
  ];
  const lines = sources.flatMap((file) =>
    fs
      .readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .map((text, i) => ({ at: `${file}:${i + 1}`, text })),
  );
  /** The section numbers ("2.4") and GitHub anchors ("24-registers-and-numbering") of a notes file's headings. */
  const sectionsOf = (file: string) => {
    const headings = fs.readFileSync(path.join(root, 'docs', file), 'utf8').match(/^#{1,6} .+$/gm) ?? [];
    const texts = headings.map((h) => h.replace(/^#+ /, '').trim());
    return {
      numbers: new Set(texts.map((t) => /^(\d+(?:\.\d+)*)\.? /.exec(t)?.[1]).filter(Boolean)),
      anchors: new Set(
        texts.map((t) =>
          t
            .toLowerCase()
            .replace(/[^\p{L}\p{N}\s-]/gu, '')
            .replace(/\s/g, '-'),
        ),
      ),
    };
  };

  it('cites the notes in docs/, not a file outside the repository', () => {
    // Built from parts so that this file does not cite it either.
    const outside = new RegExp(`(?<!docs/)\\b${'domain'}\\.md`);
    expect(lines.filter((l) => outside.test(l.text)).map((l) => l.at)).toEqual([]);
  });

  it('cites only sections and anchors that exist', () => {
    const cites = lines.flatMap((l) =>
      [...l.text.matchAll(/docs\/([\w-]+\.md)(?:#([\p{L}\p{N}-]+)|((?:,? §\d+(?:\.\d+)*)+))?/gu)].map((m) => ({
        at: l.at,
        file: m[1],
        anchor: m[2],
        sections: m[3]?.match(/\d+(?:\.\d+)*/g) ?? [],
      })),
    );
    expect(cites.length).toBeGreaterThan(50);
    const missing = cites.flatMap((c) => {
      if (!fs.existsSync(path.join(root, 'docs', c.file))) return [`${c.at}: docs/${c.file}`];
      const { numbers, anchors } = sectionsOf(c.file);
      return [
        ...c.sections.filter((n) => !numbers.has(n)).map((n) => `${c.at}: docs/${c.file} §${n}`),
        ...(c.anchor && !anchors.has(c.anchor) ? [`${c.at}: docs/${c.file}#${c.anchor}`] : []),
      ];
    });
    expect(missing).toEqual([]);
  });
});
