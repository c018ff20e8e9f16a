import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');

/** A service started as its own OS process (`node --import tsx scripts/…`), as an operator would run it. */
export class ServiceProcess {
  child?: ChildProcess;
  url?: string;
  output = '';
  exitCode?: number | null;

  constructor(
    readonly name: string,
    readonly script: string,
    readonly env: Record<string, string>,
    /** The line the service prints once it listens, with its URL in the first group. */
    private readonly readyLine: RegExp,
  ) {}

  /** Starts it and waits for its ready line (or its exit, which fails with its output). */
  start(extraEnv: Record<string, string> = {}, timeoutMs = 60_000): Promise<string> {
    this.output = '';
    this.exitCode = undefined;
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, this.script)], {
      cwd: root,
      env: { ...process.env, ...this.env, ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name} did not start in ${timeoutMs} ms:\n${this.output.slice(-3000)}`)),
        timeoutMs,
      );
      const onData = (chunk: Buffer) => {
        this.output += chunk.toString();
        const m = this.readyLine.exec(this.output);
        if (m && !this.url) {
          this.url = m[1];
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        this.exitCode = code;
        this.url = undefined;
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code}) before it was ready:\n${this.output.slice(-3000)}`));
      });
    });
  }

  /** Resolves with the exit code once the process has ended (at once if it already has). */
  exited(): Promise<number | null> {
    if (!this.child || this.exitCode !== undefined) return Promise.resolve(this.exitCode ?? null);
    return new Promise((r) => this.child!.once('exit', (code) => r(code)));
  }

  /** Graceful stop (SIGTERM: the service finishes what it is doing and closes). */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    if (!this.child || this.exitCode !== undefined) return;
    const done = this.exited();
    this.child.kill(signal);
    await done;
  }
}
