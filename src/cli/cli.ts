/**
 * The command line, as a function: `cli(argv, io)` parses with yargs, dispatches to one command and
 * returns the exit code. It never calls process.exit and writes only to the injected streams.
 */
import yargs, { type Argv } from 'yargs';
import { VERSION } from '../version.ts';
import { reportFailure, UsageError } from './errors-out.ts';
import { EXIT } from './exit-codes.ts';
import { line, type CliIO } from './io.ts';
import { runCommand } from './commands/run.ts';
import { validateCommand } from './commands/validate.ts';
import { profilesCommand } from './commands/profiles.ts';
import { schemaCommand } from './commands/schema.ts';
import { accuracyCommand } from './commands/accuracy.ts';

export type { CliIO } from './io.ts';

function parser(argv: string[]): Argv {
  return yargs(argv)
    .scriptName('clustersim')
    .usage('clustersim: simulate AI clusters and plan their capacity\n\nUsage: $0 <command> [options]')
    .command('run <scenario..>', 'simulate scenario files and write report.json, summary.md and report.html', (y) =>
      y
        .positional('scenario', { type: 'string', array: true, describe: 'scenario file(s), YAML or JSON' })
        .option('out', { alias: 'o', type: 'string', describe: 'output folder (default reports/<scenario name>; with several scenarios, one subfolder each)' })
        .option('set', { type: 'string', array: true, describe: 'override a scenario field: path=value, e.g. workloads[0].parallelism.tp=4 (repeatable)' })
        .option('seed', { type: 'number', describe: 'random seed (overrides the scenario seed)' })
        .option('fidelity', { choices: ['analytical', 'flow'] as const, describe: 'model fidelity (overrides the scenario)' })
        .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'print only errors' })
        .option('wall-time', { type: 'boolean', default: false, describe: 'record wall-clock seconds in report.json (then two runs differ)' })
        .example('$0 run scenarios/quickstart.yaml', 'simulate the quickstart; reports in reports/quickstart/')
        .example('$0 run scenarios/quickstart.yaml --set workloads[0].parallelism.tp=4 --set workloads[0].parallelism.dp=8', 'try another layout'),
    )
    .command('validate <files..>', 'check scenario files without simulating; prints every problem with file:line:col', (y) =>
      y.positional('files', { type: 'string', array: true }).example('$0 validate scenarios/*.yaml', 'check all scenarios'),
    )
    .command('profiles [action] [id]', 'list the hardware catalog or show one profile with its sources', (y) =>
      y
        .positional('action', { choices: ['list', 'show'] as const, default: 'list' as const })
        .positional('id', { type: 'string', describe: 'profile id for show' })
        .option('kind', { choices: ['accelerator', 'node', 'fabric', 'storage'] as const, describe: 'list only one kind' })
        .example('$0 profiles list --kind accelerator', 'all accelerators')
        .example('$0 profiles show h100-sxm', 'one profile, every figure with its source'),
    )
    .command('schema', 'print the JSON Schema of the scenario format (for editors)', (y) => y.example('$0 schema > scenario.schema.json', 'save it for your editor'))
    .command('accuracy <dir>', 'run every scenario under DIR with a reference: block; print predicted vs measured', (y) =>
      y.positional('dir', { type: 'string' }).option('json', { type: 'boolean', default: false, describe: 'print {cases: [...]} as JSON' }).example('$0 accuracy scenarios/validation', 'the error table'),
    )
    .demandCommand(1, 'give a command: run, validate, profiles, schema or accuracy')
    .strict()
    .version(VERSION)
    .help()
    .alias('h', 'help')
    .epilogue('Exit codes: 0 success, 1 an expectation or reference failed, 2 invalid input or usage, 3 internal error.\nDocumentation: README.md')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false);
}

export async function cli(argv: string[], io: CliIO): Promise<number> {
  let parsed: Record<string, unknown> | undefined;
  let output = '';
  let failure: string | undefined;
  const p = parser(argv).fail((msg, err) => {
    failure = msg ?? err?.message ?? 'invalid usage';
  });
  try {
    parsed = (await p.parse(argv, {}, (_err, _argv, out) => {
      output = out;
    })) as Record<string, unknown>;
  } catch (e) {
    failure ??= (e as Error).message;
  }
  if (failure) {
    line(io.stderr, `clustersim: ${failure}`);
    line(io.stderr, 'Run "clustersim --help" for usage.');
    return EXIT.badInput;
  }
  if (output) {
    // --help or --version: yargs produced the text; print it and stop.
    line(io.stdout, output);
    return EXIT.ok;
  }
  const cmd = String((parsed?._ as unknown[] | undefined)?.[0] ?? '');
  try {
    switch (cmd) {
      case 'run':
        return await runCommand(parsed as never, io);
      case 'validate':
        return validateCommand(parsed as never, io);
      case 'profiles':
        return profilesCommand(parsed as never, io);
      case 'schema':
        return schemaCommand(io);
      case 'accuracy':
        return accuracyCommand(parsed as never, io);
      default:
        throw new UsageError(`unknown command "${cmd}"`, 'commands: run, validate, profiles, schema, accuracy');
    }
  } catch (e) {
    return reportFailure(e, io);
  }
}
