import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { waitUntil } from '../../harness/wait-until';

/**
 * A CEP runner started as a real child process (`node main.js` of buildRunner()), so tests can
 * SIGKILL it at any moment. Its output goes to a log file and is scanned for lifecycle lines.
 */
export class RunnerProcess {
  /** Every runner still running, so a failing test never leaves one behind (see killAll). */
  private static readonly running = new Set<RunnerProcess>();
  private output = '';
  private exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    private readonly log: WriteStream,
    readonly name: string,
  ) {
    RunnerProcess.running.add(this);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        RunnerProcess.running.delete(this);
        this.exitCode = code ?? (signal ? null : code);
        log.write(`\n--- ${name} exited (code ${code}, signal ${signal})\n`);
        resolve(code);
      });
    });
    const capture = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log.write(text);
      this.output += text;
      if (this.output.length > 1_000_000) this.output = this.output.slice(-500_000);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);
  }

  /** SIGKILLs every runner this test process started that is still alive; for afterEach/afterAll. */
  static async killAll(): Promise<void> {
    await Promise.all([...RunnerProcess.running].map((r) => r.killNow()));
  }

  static start(mainJs: string, env: Record<string, string>, logFile: string, name = 'runner'): RunnerProcess {
    const log = createWriteStream(logFile, { flags: 'a' });
    log.write(`\n--- ${name} starting at ${new Date().toISOString()}\n`);
    const child = spawn(process.execPath, [mainJs], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    return new RunnerProcess(child, log, name);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get hasExited(): boolean {
    return this.exitCode !== undefined;
  }

  /** How many times `text` appeared in the output so far. */
  count(text: string): number {
    return this.output.split(text).length - 1;
  }

  /** Resolves when the output has shown `text` at least `times` times. */
  async waitFor(text: string, timeoutMs: number, times = 1): Promise<void> {
    await waitUntil(() => this.count(text) >= times, {
      timeoutMs,
      intervalMs: 20,
      description: `${this.name} to log "${text}"`,
      abortIf: () => (this.hasExited ? new Error(`${this.name} exited early:\n${this.output.slice(-3000)}`) : undefined),
    });
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.hasExited) this.child.kill(signal);
  }

  /** SIGTERM (final checkpoint) and wait for the exit. */
  async stop(timeoutMs = 20_000): Promise<number | null> {
    this.kill('SIGTERM');
    const timer = setTimeout(() => this.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
      this.log.end();
    }
  }

  async killNow(): Promise<void> {
    this.kill('SIGKILL');
    await this.exited;
    this.log.end();
  }

  /** Synchronous last resort when the test process itself exits. */
  static killAllNow(): void {
    for (const r of RunnerProcess.running) r.kill('SIGKILL');
  }

  tail(chars = 4000): string {
    return this.output.slice(-chars);
  }
}

process.once('exit', () => RunnerProcess.killAllNow());
