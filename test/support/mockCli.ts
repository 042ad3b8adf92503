import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const cli = resolve('dist/cli.js');

export interface Started {
  child: ChildProcess;
  urls: Map<string, string>;
  stderr: () => string;
  /** Waits (up to 10 s) until the mock's log matches: it is a pipe of its own, so an answer can arrive before its line. */
  logged: (pattern: RegExp) => Promise<string>;
}

/** Starts `interface-studio mock` and waits for its `SPEC → URL` lines. */
export function startMockCli(args: string[], cwd = resolve('examples')): Promise<Started> {
  const child = spawn(process.execPath, [cli, 'mock', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the mock did not start: ${err}`)), 20_000);
    child.on('exit', (code) => reject(new Error(`the mock exited with ${code}: ${err}`)));
    child.stdout!.on('data', (d) => {
      out += d;
      const lines = out.split('\n').filter((l) => l.includes(' → '));
      if (lines.length === args.filter((a) => a.endsWith('.yaml')).length) {
        clearTimeout(timer);
        const logged = async (pattern: RegExp): Promise<string> => {
          for (const started = Date.now(); !pattern.test(err) && Date.now() - started < 10_000;) await new Promise((done) => setTimeout(done, 20));
          return err;
        };
        resolvePromise({ child, urls: new Map(lines.map((l) => l.split(' → ') as [string, string])), stderr: () => err, logged });
      }
    });
  });
}

export function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((done) => {
    child.once('exit', (code) => done(code));
    child.kill('SIGTERM');
  });
}

