import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './world.ts';

/** One JSON log line as the platform writes it. */
export type LogLine = Readonly<Record<string, unknown>> & { readonly msg: string };

export interface PlatformProcess {
  readonly baseUrl: string;
  /** Every line written to stdout so far, in order. */
  readonly stdout: readonly string[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The stdout lines that are JSON log lines. */
  logLines(): LogLine[];
  /** SIGTERM, then waits for the drain; answers the exit code. */
  stop(): Promise<number | null>;
}

/**
 * `npm start` as a child process (`node --import tsx functions/local/platform.ts`)
 * on a free port, with only the environment given (and PATH): nothing of the
 * test runner's environment leaks in. Resolves once it logs `ready`.
 */
export async function startPlatform(
  env: Readonly<Record<string, string>>,
  timeoutMs = 120_000,
): Promise<PlatformProcess> {
  const child = spawn(
    process.execPath,
    ['--import', join(ROOT, 'node_modules/tsx/dist/loader.mjs'), 'functions/local/platform.ts'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const stdout: string[] = [];
  let partial = '';
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ready = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the platform was not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        stdout.push(line);
        const parsed = parseLog(line);
        if (parsed?.msg === 'ready') {
          clearTimeout(timer);
          resolve(Number(parsed.port));
        }
      }
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the platform exited (${code}) before it was ready:\n${stderr.slice(-2000)}`));
    });
  });
  const port = await ready.catch((error: unknown) => {
    kill(child);
    throw error;
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stdout,
    stderr: () => stderr,
    logLines: () => stdout.map(parseLog).filter((l): l is LogLine => l !== undefined),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          kill(child);
          reject(new Error('the platform did not stop within 30 s of SIGTERM'));
        }, 30_000);
      });
      try {
        return await Promise.race([exited, late]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function kill(child: ChildProcess): void {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

function parseLog(line: string): LogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(line) as LogLine;
    return typeof parsed.msg === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}
