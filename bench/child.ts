/**
 * Runs one bench script in a fresh Node process and reads its last stdout line, {"seconds", "peakRssBytes"}:
 * a peak resident memory is then the workload's own, not the high-water mark of every bench before it in the
 * harness process (process.resourceUsage().maxRSS only grows).
 */
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

export interface ChildRun {
  seconds: number;
  peakRssBytes: number;
}

export function childRun(script: string, ...args: string[]): ChildRun {
  const out = execFileSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as ChildRun;
}

/** In the child: true when `moduleUrl` is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl === pathToFileURL(process.argv[1]).href;
}

/** In the child: print the run's figures as the last line, for childRun. */
export function reportChild(seconds: number): void {
  process.stdout.write(`${JSON.stringify({ seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}
