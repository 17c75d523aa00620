// What every benchmark records about the machine it ran on, in one shape for bench/README.md.
import { readFileSync } from 'node:fs';
import os from 'node:os';

export function machineInfo() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
  };
}

/**
 * CPU time (user + system, µs) a process has used so far, from /proc/<pid>/stat: for servers
 * the runner spawns but cannot ask, such as Prism. Linux only; resolution one clock tick (10 ms).
 */
export function processCpuMicros(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which is in parentheses and may itself contain spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
  return (ticks * 1_000_000) / CLOCK_TICKS_PER_SECOND;
}

// USER_HZ: 100 on every Linux build Node runs on (the kernel's exported tick, not CONFIG_HZ).
const CLOCK_TICKS_PER_SECOND = 100;
