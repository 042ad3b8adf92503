import { runCli } from './run';

runCli(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), isTTY: !!process.stderr.isTTY })
  .then((code) => {
    process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write(`interface-studio: ${(error as Error)?.stack ?? error}\n`);
    process.exitCode = 2;
  });
