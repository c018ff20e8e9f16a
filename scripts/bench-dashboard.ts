// `npm run bench:dashboard`: GET /api/dashboard's statements on large tables (PostgreSQL), with the indexes
// each plan uses (BENCH_PLANS=1 prints the whole plans). Speed targets live here, not in timed unit tests.
import { performance } from 'node:perf_hooks';
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../api/src/auth/context';
import { todayInVietnam } from '../api/src/calendar/working-days';
import { dashboard } from '../api/src/dashboard/service';
import { overdueNowQuery, periodRowsQuery, type DashboardScope } from '../api/src/dashboard/queries';
import { queryRows } from '../api/src/db/client';
import { seedDemo } from '../api/src/seed/seed';
import { createTestDatabase, DEMO_PASSWORD } from '../test/support/harness';

const INCOMING = Number(process.env.BENCH_INCOMING ?? 300_000);
const OUTGOING = Number(process.env.BENCH_OUTGOING ?? 100_000);

async function main() {
  const test = await createTestDatabase();
  const db = test.database.db;
  try {
    await seedDemo(db, DEMO_PASSWORD);
    const t0 = performance.now();
    // Five years of documents spread over every demo organisation and its units; a line per document
    // (a unit, or now and then a person), half of the last 45 days' still open (most of them past their
    // 10-day deadline), the older ones completed; deliveries for two thirds of the issued.
    await db.execute(sql`
      create temporary table bench_units as
        select o.id as org, coalesce(array_agg(u.id) filter (where u.id is not null), array[null::text]) as units, row_number() over (order by o.id) - 1 as n
        from organisations o left join units u on u.organisation_id = o.id group by o.id`);
    const orgCount = (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from bench_units`))[0].n;
    const [{ clerk }] = await queryRows<{ clerk: string }>(db, sql`select id as clerk from users where username = 'stc.vanthu'`);
    await db.execute(sql`
      insert into incoming_documents (organisation_id, status, channel, received_at, registered_at, created_by, subject)
      select b.org, (case when g % 1825 < 45 and g % 2 = 1 then 'ASSIGNED' else 'COMPLETED' end)::incoming_status,
        (array['PAPER','EMAIL','AXIS','HAND','INTERNAL'])[1 + g % 5]::incoming_channel,
        now() - (g % 1825) * interval '1 day' - (g % 24) * interval '1 hour', now() - (g % 1825) * interval '1 day', ${clerk}, 'bench ' || g
      from generate_series(1, ${INCOMING}) g join bench_units b on b.n = g % ${orgCount}`);
    await db.execute(sql`
      insert into incoming_assignments (document_id, role, unit_id, user_id, due_date, status, assigned_by, assigned_at, completed_at)
      select d.id, 'CHU_TRI', case when u.person then null else u.unit end, case when u.person then ${clerk} end,
        (d.registered_at + interval '10 days')::date,
        case when d.status = 'COMPLETED' then 'DONE' else 'OPEN' end::assignment_status, ${clerk}, d.registered_at,
        case when d.status = 'COMPLETED' then d.registered_at + (random() * 15) * interval '1 day' end
      from incoming_documents d join lateral (
        select x.unit, x.unit is null or random() < 0.1 as person from (
          select b.units[1 + floor(random() * array_length(b.units, 1))::int] as unit from bench_units b where b.org = d.organisation_id
        ) x
      ) u on true`);
    await db.execute(sql`
      insert into outgoing_documents (organisation_id, drafting_unit_id, author_id, status, document_type, subject, issued_at, signed_sha256, paper_signature)
      select b.org, b.units[1 + g % array_length(b.units, 1)], ${clerk}, 'DISPATCHED', 'CV', 'bench ' || g,
        now() - (g % 1825) * interval '1 day', case when g % 4 <> 0 then md5(g::text) end, g % 4 = 0
      from generate_series(1, ${OUTGOING}) g join bench_units b on b.n = g % ${orgCount}`);
    await db.execute(sql`
      insert into outgoing_recipients (document_id, ordinal, kind, name)
      select id, 0, 'EXTERNAL', 'bench' from outgoing_documents where abs(hashtext(id)) % 3 <> 0`);
    await db.execute(sql`
      insert into outgoing_deliveries (document_id, recipient_id, status)
      select document_id, id, case when abs(hashtext(id)) % 2 = 0 then 'DELIVERED' else 'WAITING_FOR_EXCHANGE' end::outgoing_delivery_status
      from outgoing_recipients`);
    await db.execute(sql`analyze`);
    const counts = await queryRows<{ t: string; n: number }>(
      db,
      sql`select 'incoming_documents' as t, count(*)::int as n from incoming_documents union all select 'incoming_assignments', count(*)::int from incoming_assignments
        union all select 'outgoing_documents', count(*)::int from outgoing_documents union all select 'outgoing_deliveries', count(*)::int from outgoing_deliveries`,
    );
    process.stdout.write(
      `data: ${counts.map((c) => `${c.t} ${c.n}`).join(', ')} (${orgCount} organisations) in ${((performance.now() - t0) / 1000).toFixed(1)} s\n\n`,
    );

    const actor: Actor = {
      userId: clerk,
      roles: [{ id: 'g', role: 'LANH_DAO_CO_QUAN', organisationId: 'qn-stc', organisationName: 'STC', unitId: null, unitName: null }],
    };
    const today = todayInVietnam();
    const cases: {
      name: string;
      q: { organisationId: string; unitId?: string; from: string; to: string; period: 'week' | 'month' | 'quarter' };
    }[] = [
      {
        name: 'organisation, 12 months by month',
        q: { organisationId: 'qn-stc', from: `${Number(today.slice(0, 4)) - 1}${today.slice(4, 7)}-01`, to: today, period: 'month' },
      },
      {
        name: 'organisation, 5 years by quarter',
        q: { organisationId: 'qn-stc', from: `${Number(today.slice(0, 4)) - 5}-01-01`, to: today, period: 'quarter' },
      },
      {
        name: 'organisation, 3 years by week',
        q: { organisationId: 'qn-stc', from: `${Number(today.slice(0, 4)) - 3}${today.slice(4)}`, to: today, period: 'week' },
      },
      {
        name: 'one unit, 12 months by month',
        q: {
          organisationId: 'qn-stc',
          unitId: 'stc-qlns',
          from: `${Number(today.slice(0, 4)) - 1}${today.slice(4, 7)}-01`,
          to: today,
          period: 'month',
        },
      },
    ];
    const rows: { case: string; periods: number; received: number; p50: number; p95: number }[] = [];
    for (const c of cases) {
      const ms: number[] = [];
      let last: Awaited<ReturnType<typeof dashboard>> | undefined;
      for (let i = 0; i < 12; i++) {
        const s0 = performance.now();
        last = await dashboard(db, actor, c.q, today);
        ms.push(performance.now() - s0);
      }
      ms.sort((a, b) => a - b);
      rows.push({ case: c.name, periods: last!.series.length, received: last!.totals.received, p50: ms[6], p95: ms[11] });
    }
    process.stdout.write(
      '| case (whole GET /api/dashboard service call) | periods | received | p50 ms | p95 ms |\n|---|---|---|---|---|\n',
    );
    for (const r of rows)
      process.stdout.write(`| ${r.case} | ${r.periods} | ${r.received} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} |\n`);

    // Which indexes the plans use (EXPLAIN ANALYZE of the two statements).
    const indexesOf = async (query: SQL) => {
      const plan = await queryRows<{ 'QUERY PLAN': string }>(db, sql`explain (analyze, costs off) ${query}`);
      const lines = plan.map((p) => p['QUERY PLAN']);
      if (process.env.BENCH_PLANS) process.stdout.write(`${lines.join('\n')}\n`);
      const used = [
        ...new Set(
          lines.flatMap((l) => [...l.matchAll(/(?:Index(?: Only)? Scan|Bitmap Index Scan) (?:using|on) (\w+)/g)].map((m) => m[1])),
        ),
      ];
      const seq = [...new Set(lines.flatMap((l) => [...l.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1])))];
      const time = lines.find((l) => l.startsWith('Execution Time'));
      return `indexes: ${used.join(', ') || 'none'}; sequential scans: ${seq.join(', ') || 'none'}; ${time}`;
    };
    process.stdout.write('\n| statement | plan |\n|---|---|\n');
    for (const c of cases) {
      const scope: DashboardScope = {
        organisationId: c.q.organisationId,
        unitId: c.q.unitId ?? null,
        from: c.q.from,
        to: c.q.to,
        period: c.q.period,
        today,
      };
      process.stdout.write(`| per-period figures, ${c.name} | ${await indexesOf(periodRowsQuery(scope))} |\n`);
      process.stdout.write(`| overdue now, ${c.q.unitId ? 'one unit' : 'organisation'} | ${await indexesOf(overdueNowQuery(scope))} |\n`);
    }
  } finally {
    await test.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
