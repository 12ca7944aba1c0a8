#!/usr/bin/env node
/** Entry point: runs the CLI on the process's arguments and streams. */
import { cli } from './cli.ts';

// A closed pipe (`clustersim profiles list | head`) is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

const code = await cli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stderrIsTTY: Boolean(process.stderr.isTTY) });
process.exitCode = code;
