#!/usr/bin/env node
/** Entry point: runs the CLI on the process's arguments and streams. */
import { cli } from './cli.ts';

const code = await cli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stderrIsTTY: Boolean(process.stderr.isTTY) });
process.exitCode = code;
