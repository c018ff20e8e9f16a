// The benchmark corpus (scripts/bench/corpus.ts) at a small size: what npm run bench:search measures must be
// what a live system holds, so the search index, its lexicon and the visibility lists are checked here.
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../../api/src/db/client';
import { parseQuery } from '../../api/src/search/query';
import { CAP, search, type SearchPath } from '../../api/src/search/service';
import { searchQuery } from '../../api/src/search/validation';
import { seedDemo } from '../../api/src/seed/seed';
import { roleGrantsOf } from '../../api/src/users/service';
import { users } from '../../api/src/users/schema';
import { generateCorpus } from '../../scripts/bench/corpus';
import { QUERIES } from '../../scripts/bench/search-queries';
import { createTestDatabase, DEMO_PASSWORD } from '../support/harness';

let t: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  t = await createTestDatabase();
  await seedDemo(t.database.db, DEMO_PASSWORD);
  await generateCorpus(t.database.db, { documents: 2000, seed: 3 });
}, 120_000);
afterAll(() => t.drop());

const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(t.database.db, query))[0].n;

describe('bench corpus', () => {
  it('indexes every generated document as the triggers would, in arrival order, with its words in the lexicon', async () => {
    expect(await count(sql`select count(*)::int as n from search_documents`)).toBe(
      await count(sql`select count(*)::int as n from search_source`),
    );
    const drift = await count(sql`select count(*)::int as n from (select kind, document_id, tsv::text, list_keys::text from search_source
      except select kind, document_id, tsv::text, list_keys::text from search_documents) d`);
    expect(drift).toBe(0);
    const missing =
      await count(sql`select count(*)::int as n from (select d.organisation_id, w.word from search_documents d, unnest(tsvector_to_array(d.tsv)) w(word)
      where d.secrecy = 'KHONG' and search_word_kept(w.word) except select organisation_id, word from search_lexicon) w`);
    expect(missing).toBe(0);
    // Physical order follows the date, as rows written when documents arrive (not exactly: rows of very different
    // sizes, with their words under every key of access, partly fill pages left with room, as a live table's would).
    const [{ c }] = await queryRows<{ c: number }>(
      t.database.db,
      sql`select corr(d, p)::float8 as c from (select doc_date - date '2000-01-01' as d, row_number() over (order by ctid) as p from search_documents) x`,
    );
    expect(c).toBeGreaterThan(0.97);
  });

  it('answers the bench queries, a typo included', async () => {
    const [u] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, 'qn.vanthu'));
    const actor = { userId: u.id, roles: (await roleGrantsOf(t.database.db, [u.id])).get(u.id) ?? [] };
    const words = await search(t.database.db, actor, searchQuery.parse({ q: 'quyet dinh' }));
    expect(words.total).toBeGreaterThan(0);
    const typo = await search(t.database.db, actor, searchQuery.parse({ q: 'quyet dinhh' }));
    expect({ match: typo.match, corrected: typo.corrected, total: typo.total }).toEqual({
      match: 'FUZZY',
      corrected: 'quyet dinh',
      total: words.total,
    });
  });

  it('answers every bench query the same through RUM as on the plain path, within the bound and past it', async () => {
    const throughRum = new Set<string>();
    for (const q of QUERIES) {
      const [u] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.username, q.user));
      const actor = { userId: u.id, roles: (await roleGrantsOf(t.database.db, [u.id])).get(u.id) ?? [] };
      const params = searchQuery.parse(q.params);
      for (const cap of [CAP, 10]) {
        const rum = await search(t.database.db, actor, params, { cap, served: (p: SearchPath) => p === 'rum' && throughRum.add(q.name) });
        expect({ query: q.name, cap, rum }).toEqual({
          query: q.name,
          cap,
          rum: await search(t.database.db, actor, params, { cap, plain: true }),
        });
      }
    }
    // Words are read through RUM, with an issuer or a type filter too, whoever asks: also the unit head and the
    // specialist, who reach their documents through their lists and own drafts.
    const words = QUERIES.filter((q) => parseQuery(String(q.params.q ?? '')).kind === 'TEXT');
    expect([...throughRum]).toEqual(words.map((q) => q.name));
    expect(throughRum.size).toBeGreaterThan(5);
  });
});
