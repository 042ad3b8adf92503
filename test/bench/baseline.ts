import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Peak resident memory of a process, from /proc (Linux). */
export function peakMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmHWM:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** swagger-parser validate() in a fresh process: the time it reports and the process's peak memory. */
export function baseline(path: string): { ms: number; peakMb: number } {
  const script = `
    const SwaggerParser = require('@apidevtools/swagger-parser');
    const fs = require('fs');
    const start = process.hrtime.bigint();
    SwaggerParser.validate(${JSON.stringify(path)}).catch((e) => { process.stderr.write(String(e && e.message).slice(0, 200) + '\\n'); }).finally(() => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const hwm = /VmHWM:\\s+(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
      process.stdout.write(JSON.stringify({ ms, peakMb: hwm ? Number(hwm[1]) / 1024 : NaN }));
    });`;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: resolve('.'), maxBuffer: 1 << 20 });
  return JSON.parse(result.stdout);
}
