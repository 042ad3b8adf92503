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

/**
 * CPU time a process has used so far, all its threads (user + system, from /proc on Linux), in ms.
 * On a shared machine this, unlike the wall clock, does not count the time others had the cores.
 */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime, the 14th and 15th fields, in clock ticks (100 a second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
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
