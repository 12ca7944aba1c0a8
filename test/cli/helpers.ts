/** Runs the CLI as a function and captures its streams. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../../src/cli/cli.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await cli(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'clustersim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes `text` to a fresh temp file and returns its path. */
export function tempFile(name: string, text: string): string {
  const p = join(tempDir(), name);
  writeFileSync(p, text);
  return p;
}
