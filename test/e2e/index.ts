// Runs inside the VS Code extension host (started by scripts/run-e2e.mjs): loads every
// out/test/e2e/**/*.e2e.js file into mocha and settles when the suite is done. VS Code turns a
// rejected promise into exit code 1.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type MochaType from 'mocha';

function filesBelow(dir: string, suffix: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesBelow(full, suffix));
    else if (entry.name.endsWith(suffix)) out.push(full);
  }
  return out.sort();
}

export async function run(): Promise<void> {
  // mocha is an ES module; import() loads it on every Node.js a VS Code extension host runs on.
  const loaded = (await import('mocha')) as unknown as { default?: typeof MochaType; Mocha?: typeof MochaType };
  const Mocha = (loaded.Mocha ?? loaded.default) as typeof MochaType;
  const mocha = new Mocha({
    ui: 'bdd',
    color: false,
    reporter: 'spec',
    // Catches a hang only: the waits inside the tests give up after 60 s with a clearer message.
    timeout: Number(process.env.E2E_TEST_TIMEOUT ?? 180_000),
    grep: process.env.E2E_GREP || undefined,
  });
  for (const file of filesBelow(__dirname, '.e2e.js')) mocha.addFile(file);
  // The bundled test files are CommonJS; loadFilesAsync also accepts ES modules should any appear.
  await mocha.loadFilesAsync();

  const { passes, failures, pending } = await new Promise<{ passes: number; failures: number; pending: number }>((resolve) => {
    const runner = mocha.run(() => resolve({ passes: runner.stats?.passes ?? 0, failures: runner.stats?.failures ?? 0, pending: runner.stats?.pending ?? 0 }));
  });
  console.log(`e2e: ${passes} passed, ${failures} failed${pending ? `, ${pending} skipped` : ''}`);
  if (failures > 0) throw new Error(`${failures} end-to-end test(s) failed`);
  if (passes === 0) throw new Error('no end-to-end test ran');
  // Nothing is skipped: a missing example, command or tool fails the test that needs it.
  if (pending > 0) throw new Error(`${pending} end-to-end test(s) were skipped; the suites run in full or fail`);
}
