// The virtual users of `npm run bench:load`: real seeded people, logged in through the API as the browser does
// (cookies + XSRF header), each repeating the work of their role through the routes the web calls, with no think
// time unless asked. Teams of one organisation (clerk, leader, unit head, specialists of that unit) so the work
// flows: the clerk receives, registers and presents to the leader, who assigns it to the unit; specialists
// draft outgoing documents that the unit head approves and the leader approves and signs.
import { performance } from 'node:perf_hooks';

export type ActionClass = 'read' | 'write' | 'sign';

/** Every action timed, in report order, with its class (which target applies). */
export const ACTIONS: Record<string, ActionClass> = {
  'open queue (incoming list)': 'read',
  'my work queue': 'read',
  'open document': 'read',
  'view PDF (reading copy)': 'read',
  search: 'read',
  dashboard: 'read',
  'approvals list': 'read',
  'receive (upload)': 'write',
  register: 'write',
  'present to leader': 'write',
  assign: 'write',
  'draft outgoing (upload)': 'write',
  'submit outgoing': 'write',
  approve: 'write',
  sign: 'sign',
};
export type Action = keyof typeof ACTIONS;

export interface TeamMember {
  username: string;
  userId: string;
}

/** People of one organisation who work together in the bench. */
export interface Team {
  organisationId: string;
  unitId: string;
  clerk: TeamMember;
  leader: TeamMember;
  head: TeamMember;
  specialists: TeamMember[];
}

export class Stats {
  readonly times = new Map<Action, number[]>();
  readonly errors = new Map<Action, number>();
  /** First text of each kind of error (action + status + problem code). */
  readonly firstErrors = new Map<string, string>();

  ok(action: Action, ms: number) {
    const list = this.times.get(action) ?? [];
    list.push(ms);
    this.times.set(action, list);
  }

  failed(action: Action, ms: number, kind: string, text: string) {
    this.ok(action, ms);
    this.errors.set(action, (this.errors.get(action) ?? 0) + 1);
    if (!this.firstErrors.has(`${action}: ${kind}`)) this.firstErrors.set(`${action}: ${kind}`, text.slice(0, 300));
  }
}

class RequestFailed extends Error {}

/** A browser-like session against the target: cookies and the XSRF token, every call timed into `stats`. */
export class Session {
  private headers: Record<string, string> = {};
  stats = new Stats();

  constructor(
    private readonly url: string,
    readonly member: TeamMember,
  ) {}

  async login(password: string) {
    const anon = await fetch(`${this.url}/api/me`);
    await anon.arrayBuffer();
    const xsrf = /XSRF-TOKEN=([^;]+)/.exec(anon.headers.get('set-cookie') ?? '')?.[1] ?? '';
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-xsrf-token': xsrf, cookie: `XSRF-TOKEN=${xsrf}` },
      body: JSON.stringify({ username: this.member.username, password }),
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`login ${this.member.username}: ${res.status} ${body}`);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]);
    const token = cookies.find((c) => c.startsWith('XSRF-TOKEN='))!.slice('XSRF-TOKEN='.length);
    this.headers = { cookie: cookies.join('; '), 'x-xsrf-token': token };
  }

  /** One timed call; a status other than `expect` is an error of this action (and throws, to end the step). */
  async call<T>(action: Action, method: string, path: string, body?: unknown, expect = method === 'POST' ? [200, 201, 202, 204] : [200]) {
    const init: RequestInit = { method, headers: { ...this.headers } };
    if (body instanceof FormData) init.body = body;
    else if (body !== undefined) {
      init.body = JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const t0 = performance.now();
    let res: Response;
    let bytes: ArrayBuffer;
    try {
      res = await fetch(`${this.url}${path}`, init);
      bytes = await res.arrayBuffer(); // the whole answer, as a browser waits for it
    } catch (err) {
      this.stats.failed(action, performance.now() - t0, 'network', String((err as Error).cause ?? err));
      throw new RequestFailed();
    }
    const ms = performance.now() - t0;
    if (!expect.includes(res.status)) {
      const text = Buffer.from(bytes).toString('utf8');
      const code = /"code":"([^"]+)"/.exec(text)?.[1] ?? '';
      this.stats.failed(action, ms, `${res.status} ${code}`.trim(), `${method} ${path} → ${res.status} ${text}`);
      throw new RequestFailed();
    }
    this.stats.ok(action, ms);
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? JSON.parse(Buffer.from(bytes).toString('utf8')) : null) as T;
  }
}

interface IncomingDoc {
  id: string;
  status: string;
  files: { id: string; role: string; stamped: boolean }[];
}
interface OutgoingDoc {
  id: string;
  status: string;
  allowedActions: string[];
}

const SEARCHES = ['quyet dinh', 'chuyển đổi số', 'ha long', '"giai phong mat bang"', 'ngân sách', 'ke hoach', 'cải cách hành chính'];
const SUBJECTS = ['triển khai chuyển đổi số', 'dự toán ngân sách năm 2027', 'phòng, chống thiên tai', 'cải cách hành chính'];

export interface MixOptions {
  stats: Stats;
  /** Until when (performance.now()) each virtual user keeps working. */
  until: number;
  thinkMs: number;
  password: string;
  /** PDFs to upload, used in turn. */
  pdfs: Buffer[];
}

let sequence = 0;
/** Tells this run's documents apart from a kept database's earlier ones (or registration warns of duplicates). */
const RUN = Date.now().toString(36).toUpperCase();
const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The incoming list, one document opened and its reading copy viewed (the PDF viewer loads the whole file). */
async function readIncoming(s: Session) {
  const list = await s.call<{ items: { id: string }[] }>('open queue (incoming list)', 'GET', '/api/incoming?limit=50');
  if (list.items.length === 0) return;
  await openAndView(s, pick(list.items).id);
}

async function openAndView(s: Session, id: string) {
  const doc = await s.call<IncomingDoc>('open document', 'GET', `/api/incoming/${id}`);
  const main = doc.files.find((f) => f.role === 'MAIN');
  if (main) {
    const copy = main.stamped ? '/stamped' : '';
    await s.call('view PDF (reading copy)', 'GET', `/api/incoming/${id}/files/${main.id}${copy}?disposition=inline`);
  }
}

/** A document of my work queue opened and viewed, or, with nothing there, one of the incoming list. */
async function readQueueOrList(s: Session) {
  const queue = await s.call<{ items: { documentId: string }[] }>('my work queue', 'GET', '/api/incoming/queue?tab=todo');
  if (queue.items.length > 0) await openAndView(s, pick(queue.items).documentId);
  else await readIncoming(s);
}

const search = (s: Session) => s.call('search', 'GET', `/api/search?q=${encodeURIComponent(pick(SEARCHES))}`);
const dashboard = (s: Session) => s.call('dashboard', 'GET', '/api/dashboard');

/** Clerk: the list, a document read, then a paper document received, registered and presented to the leader. */
async function clerkStep(s: Session, team: Team, o: MixOptions, i: number) {
  await readIncoming(s);
  const form = new FormData();
  form.append('main', new Blob([new Uint8Array(o.pdfs[i % o.pdfs.length])], { type: 'application/pdf' }), 'cong-van.pdf');
  const draft = await s.call<IncomingDoc>('receive (upload)', 'POST', '/api/incoming', form);
  const n = ++sequence;
  await s.call('register', 'POST', `/api/incoming/${draft.id}/register`, {
    registerId: `${team.organisationId}-den`,
    issuerName: 'Ủy ban nhân dân tỉnh Quảng Ninh',
    number: String(n),
    symbol: `UBND-VX${RUN}${n}`,
    issueDate: new Date().toISOString().slice(0, 10),
    documentType: 'Công văn',
    subject: `V/v ${pick(SUBJECTS)} (${n})`,
  });
  await s.call('present to leader', 'POST', `/api/incoming/${draft.id}/submit`, { leaderId: team.leader.userId });
  if (i % 3 === 0) await search(s);
  if (i % 5 === 0) await dashboard(s);
}

/** Leader: documents presented are assigned to the unit; drafts waiting are approved and, when theirs to sign, signed. */
async function leaderStep(s: Session, team: Team, o: MixOptions, i: number) {
  const queue = await s.call<{ items: { documentId: string; kind: string }[] }>('my work queue', 'GET', '/api/incoming/queue?tab=todo');
  const presented = queue.items.find((q) => q.kind === 'AWAITING_DIRECTION');
  if (presented) {
    await openAndView(s, presented.documentId);
    await s.call('assign', 'POST', `/api/incoming/${presented.documentId}/assign`, {
      lead: { unitId: team.unitId },
      instruction: 'Giao phòng chủ trì tham mưu, báo cáo kết quả.',
    });
  }
  await approveWaiting(s, o);
  if (i % 4 === 0) await dashboard(s);
  if (i % 4 === 2) await search(s);
}

/** Approves up to three drafts waiting for this person, signing each that the approval handed to them for signature. */
async function approveWaiting(s: Session, o: MixOptions) {
  const waiting = await s.call<{ items: { documentId: string }[] }>('approvals list', 'GET', '/api/outgoing/approvals');
  for (const item of waiting.items.slice(0, 3)) {
    const approved = await s.call<OutgoingDoc>('approve', 'POST', `/api/outgoing/${item.documentId}/approve`, {});
    if (approved.allowedActions.includes('sign')) {
      await s.call('sign', 'POST', `/api/outgoing/${approved.id}/sign`, { passphrase: o.password });
    }
  }
}

/** Unit head: approvals, then reading like everyone. */
async function headStep(s: Session, _team: Team, o: MixOptions, i: number) {
  await approveWaiting(s, o);
  await readQueueOrList(s);
  if (i % 2 === 0) await search(s);
  if (i % 6 === 0) await dashboard(s);
}

/**
 * Specialist: reads and searches; every eighth round drafts an outgoing document and submits it for approval (seven
 * specialists then draft a little less than their unit head and leader approve, so no backlog builds up).
 */
async function specialistStep(s: Session, team: Team, o: MixOptions, i: number) {
  await readQueueOrList(s);
  await search(s);
  if (i % 8 !== 7) return;
  const form = new FormData();
  form.append(
    'metadata',
    JSON.stringify({
      documentType: 'KH',
      subject: `Kế hoạch ${pick(SUBJECTS)} (${++sequence})`,
      recipients: [{ kind: 'ORGANISATION', organisationId: team.organisationId === 'qn-ubnd' ? 'qn-stc' : 'qn-ubnd' }],
      urgency: 'THUONG',
    }),
  );
  form.append('main', new Blob([new Uint8Array(o.pdfs[i % o.pdfs.length])], { type: 'application/pdf' }), 'ke-hoach.pdf');
  const draft = await s.call<OutgoingDoc>('draft outgoing (upload)', 'POST', '/api/outgoing', form);
  await s.call('submit outgoing', 'POST', `/api/outgoing/${draft.id}/submit`, {});
}

export interface VirtualUser {
  session: Session;
  team: Team;
  step: typeof clerkStep;
}

/** The virtual users of the teams, up to `count`: per team its clerk, leader, unit head and specialists. */
export function virtualUsers(url: string, teams: Team[], count: number): VirtualUser[] {
  const all: VirtualUser[] = [];
  for (const team of teams) {
    const members: [TeamMember, typeof clerkStep][] = [
      [team.clerk, clerkStep],
      [team.leader, leaderStep],
      [team.head, headStep],
      ...team.specialists.map((m): [TeamMember, typeof clerkStep] => [m, specialistStep]),
    ];
    for (const [member, step] of members) {
      if (all.length < count) all.push({ session: new Session(url, member), team, step });
    }
  }
  return all;
}

/** One round of a virtual user's work; a failed call ends the round, not the user. */
async function round(vu: VirtualUser, o: MixOptions, i: number) {
  vu.session.stats = o.stats;
  try {
    await vu.step(vu.session, vu.team, o, i);
  } catch (err) {
    if (!(err instanceof RequestFailed)) throw err;
  }
}

/** Runs one virtual user's rounds until `o.until`. */
export async function runVirtualUser(vu: VirtualUser, o: MixOptions) {
  for (let i = 0; performance.now() < o.until; i++) {
    await round(vu, o, i);
    if (o.thinkMs > 0) await sleep(o.thinkMs);
  }
}

/**
 * The reference: one person of each role working alone, one after the other, until `o.until` (at least one round
 * each), on the same server and data just before the load, so its latencies are what the load adds to.
 */
export async function runAlone(vus: VirtualUser[], o: MixOptions) {
  const solo = [...new Map(vus.map((vu) => [vu.step, vu])).values()];
  // From round 7 on, so the first round already has the rarer steps (a specialist's draft).
  for (let i = 7; i === 7 || performance.now() < o.until; i++) {
    for (const vu of solo) await round(vu, o, i);
  }
}
