// What the server side spent during `npm run bench:load`, read from /proc: CPU seconds and peak memory of the
// target's node processes, of the PostgreSQL backends serving the bench's database and of Redis, the whole
// machine's busy CPU (other work on a shared machine shows there), and what PostgreSQL's active backends were
// doing, sampled (statement and wait event), as a poor man's profile of the database.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { Client } from 'pg';

/** CPU seconds (user + system, all threads) of a process; 0 once it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** Proportional set size in MiB (shared pages split among their users, so PostgreSQL's shared buffers count once). */
function pssMiB(pid: number): number {
  try {
    const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
    return Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** The PostgreSQL backends of `database` (their title names it, then the client's address) and the server's own processes. */
function postgresPids(database: string): number[] {
  return ps('postgres', 'pid=,args=')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, ...args]) => {
      const backend = args.some((a) => /\(\d+\)$/.test(a) || a === '[local]'); // a client's connection, of some database
      return pid !== '' && (!backend || args.includes(database));
    })
    .map(([pid]) => Number(pid));
}

/** `ps -C name` lines (none when no such process runs: ps then exits with 1). */
function ps(name: string, columns: string): string {
  try {
    return execFileSync('ps', ['-C', name, '-o', columns], { encoding: 'utf8' });
  } catch {
    return '';
  }
}

const redisPids = () => ps('redis-server', 'pid=').split('\n').filter(Boolean).map(Number);

/** Busy and total jiffies of the whole machine. */
function machineJiffies(): { busy: number; total: number } {
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  return { busy: total - cpu[3] - cpu[4], total };
}

export interface Usage {
  seconds: number;
  node: { cpu: number; peakMiB: number };
  postgres: { cpu: number; peakMiB: number };
  redis: { cpu: number };
  generator: { cpu: number };
  machineBusyCores: number;
  /** Share of sampled active backends per statement (first 140 characters), highest first. */
  statements: [string, number][];
  waits: [string, number][];
}

export class Monitor {
  private readonly start = new Map<number, number>();
  private peakNode = 0;
  private peakPostgres = 0;
  private timer?: NodeJS.Timeout;
  private sampling = true;
  private sampler?: Promise<void>;
  private readonly statements = new Map<string, number>();
  private readonly waits = new Map<string, number>();
  private machine0 = machineJiffies();
  private generator0 = process.cpuUsage();
  private started = Date.now();

  constructor(
    private readonly nodePids: () => number[],
    private readonly database: string,
    private readonly databaseUrl: string,
  ) {}

  private all() {
    return { node: this.nodePids(), postgres: postgresPids(this.database), redis: redisPids() };
  }

  async begin() {
    const { node, postgres, redis } = this.all();
    for (const pid of [...node, ...postgres, ...redis]) this.start.set(pid, cpuSeconds(pid));
    this.machine0 = machineJiffies();
    this.generator0 = process.cpuUsage();
    this.started = Date.now();
    this.timer = setInterval(() => {
      const now = this.all();
      this.peakNode = Math.max(
        this.peakNode,
        now.node.reduce((s, p) => s + pssMiB(p), 0),
      );
      this.peakPostgres = Math.max(
        this.peakPostgres,
        now.postgres.reduce((s, p) => s + pssMiB(p), 0),
      );
    }, 2000);
    const client = new Client({ connectionString: this.databaseUrl });
    await client.connect();
    this.sampler = (async () => {
      while (this.sampling) {
        const { rows } = await client.query<{ q: string; w: string }>(
          `select left(regexp_replace(query, '\\s+', ' ', 'g'), 140) as q, coalesce(wait_event_type || ':' || wait_event, 'CPU') as w
           from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'active'`,
        );
        for (const r of rows) {
          this.statements.set(r.q, (this.statements.get(r.q) ?? 0) + 1);
          this.waits.set(r.w, (this.waits.get(r.w) ?? 0) + 1);
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      await client.end();
    })();
  }

  async end(): Promise<Usage> {
    clearInterval(this.timer);
    this.sampling = false;
    await this.sampler;
    const { node, postgres, redis } = this.all();
    const spent = (pids: number[]) => pids.reduce((s, p) => s + Math.max(0, cpuSeconds(p) - (this.start.get(p) ?? 0)), 0);
    const machine = machineJiffies();
    const generator = process.cpuUsage(this.generator0);
    const seconds = (Date.now() - this.started) / 1000;
    const shares = (m: Map<string, number>): [string, number][] => {
      const total = [...m.values()].reduce((a, b) => a + b, 0) || 1;
      return [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, n / total]);
    };
    return {
      seconds,
      node: { cpu: spent(node), peakMiB: this.peakNode },
      postgres: { cpu: spent(postgres), peakMiB: this.peakPostgres },
      redis: { cpu: spent(redis) },
      generator: { cpu: (generator.user + generator.system) / 1e6 },
      // Jiffies are 1/100 s on Linux: busy jiffies over elapsed seconds × 100 = cores kept busy.
      machineBusyCores: (machine.busy - this.machine0.busy) / 100 / seconds,
      statements: shares(this.statements),
      waits: shares(this.waits),
    };
  }
}
