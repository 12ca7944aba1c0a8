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
import { collectiveCommand } from './commands/collective.ts';
import { capacityCommand } from './commands/capacity.ts';
import { routeCommand } from './commands/route.ts';
import { COLLECTIVE_ALGORITHMS, NCCL_OPS } from '../config/scenario-schema.ts';

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
        .option('skip-bad-rows', { type: 'boolean', default: false, describe: 'drop malformed request-trace rows and report how many were skipped and why, instead of exiting 2' })
        .option('trace-stages', { type: 'string', describe: 'pipeline stages trace.json keeps (flow fidelity, training): a list such as 0,15 or 0-3,15 (default all stages)' })
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
    .command('collective', 'nccl-tests on the simulator: sweep one collective over message sizes, print time, algbw and busbw per size', (y) =>
      y
        .option('op', { choices: NCCL_OPS, demandOption: true, describe: 'the nccl-tests operation' })
        .option('nodes', { type: 'string', demandOption: true, describe: 'node profile id, e.g. dgx-h100 (clustersim profiles list --kind node)' })
        .option('count', { alias: 'n', type: 'number', default: 1, describe: 'number of nodes' })
        .option('ranks', { type: 'number', describe: 'ranks, one device each (default every device; 2 for sendrecv)' })
        .option('ranks-per-node', { type: 'number', describe: 'ranks on each node before the next, as mpirun -N (default every device)' })
        .option('nics', { type: 'number', describe: 'compute NICs per node, overriding the profile' })
        .option('nic-bandwidth', { type: 'string', describe: 'per-NIC bandwidth, overriding the profile, e.g. "200 Gb/s"' })
        .option('scale-out', { type: 'string', describe: 'scale-out fabric profile id, e.g. ib-ndr-400 (needed across nodes)' })
        .option('topology', { choices: ['fat-tree', 'rail-optimized'] as const, describe: 'scale-out topology (default fat-tree)' })
        .option('oversubscription', { type: 'number', describe: 'leaf downlink:uplink ratio (default 1)' })
        .option('min-bytes', { alias: 'b', type: 'string', default: '8', describe: 'smallest size: bytes, or 64K, 128M, 8G (binary), or "128 MiB"' })
        .option('max-bytes', { alias: 'e', type: 'string', default: '8G', describe: 'largest size, as --min-bytes' })
        .option('factor', { alias: 'f', type: 'number', default: 2, describe: 'each size is the previous times this' })
        .option('algorithm', { choices: COLLECTIVE_ALGORITHMS, default: 'auto' as const, describe: 'auto chooses like NCCL; or force one (NCCL_ALGO)' })
        .option('channels', { type: 'number', describe: 'NCCL channels (default one per NIC rail)' })
        .option('proto', { type: 'string', describe: 'NCCL_PROTO: protocols NCCL may use, comma-separated, e.g. Simple or Simple,LL128 (default LL,LL128,Simple)' })
        .option('buffsize', { type: 'string', describe: 'NCCL_BUFFSIZE: bytes or 8M, "8 MiB" (default 4 MiB); sets the Simple tree chunk' })
        .option('fidelity', { choices: ['analytical', 'flow'] as const, default: 'analytical' as const, describe: 'analytical: closed forms; flow: flows share links max-min' })
        .option('csv', { type: 'string', describe: 'also write the table as CSV to this file' })
        .option('out', { alias: 'o', type: 'string', describe: 'also write report.json, summary.md, report.html and the CSV to this folder' })
        .example('$0 collective --op all_reduce --nodes dgx-h100', '8 ranks in one DGX H100, 8 B to 8 GiB')
        .example('$0 collective --op all_reduce --nodes dgx-h100 -n 2 --scale-out ib-ndr-400 --algorithm ring -b 1M -e 8G --fidelity flow', 'two nodes over NDR InfiniBand, ring only'),
    )
    .command('capacity <scenario>', 'inference capacity: the highest request rate sustained within the objectives (bisection), or the fewest replicas for --target-rate', (y) =>
      y
        .positional('scenario', { type: 'string', describe: 'scenario file with an inference workload that has an slo' })
        .option('workload', { type: 'string', describe: 'the inference workload to plan (default the first)' })
        .option('percentile', { type: 'number', choices: [50, 90, 95, 99], default: 99, describe: 'percentile of TTFT and TPOT held to the objective' })
        .option('target-rate', { type: 'number', describe: 'find the fewest replicas sustaining this many requests/s' })
        .option('tolerance', { type: 'number', default: 0.02, describe: 'stop bisecting when (failing - passing) / passing rate is below this' })
        .option('max-probes', { type: 'number', default: 12, describe: 'simulation runs at most' })
        .option('json', { type: 'boolean', default: false, describe: 'print the result and every probe as JSON' })
        .example('$0 capacity scenarios/inference-llama3-70b-conv.yaml', 'highest rate meeting p99 TTFT and TPOT objectives')
        .example('$0 capacity scenarios/inference-llama3-70b-conv.yaml --target-rate 20 --percentile 95', 'fewest replicas for 20 req/s'),
    )
    .command('route <scenario>', 'the path a flow between two devices takes on the scenario\'s fabric, hop by hop, and how ECMP spreads flows', (y) =>
      y
        .positional('scenario', { type: 'string', describe: 'scenario file; its cluster is built, nothing is simulated' })
        .option('src', { type: 'number', demandOption: true, describe: 'source device (0-based, node by node in cluster order)' })
        .option('dst', { type: 'number', describe: 'destination device' })
        .option('storage', { type: 'string', describe: 'instead of --dst: a storage system on the compute fabric (a write from the device\'s NIC)' })
        .option('flows', { type: 'number', default: 1, describe: 'route this many consecutive flow ids and list the distinct paths (ECMP spread)' })
        .option('flow-id', { type: 'number', describe: 'first flow id (default the one a transfer between the pair gets)' })
        .option('json', { type: 'boolean', default: false, describe: 'print the route as JSON' })
        .example('$0 route scenarios/shared-fabric-4to1.yaml --src 0 --dst 200 --flows 64', 'a cross-leaf route and its ECMP spread'),
    )
    .demandCommand(1, 'give a command: run, validate, profiles, schema, accuracy, collective, capacity or route')
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
        return await accuracyCommand(parsed as never, io);
      case 'collective':
        return await collectiveCommand(parsed as never, io);
      case 'capacity':
        return await capacityCommand(parsed as never, io);
      case 'route':
        return routeCommand(parsed as never, io);
      default:
        throw new UsageError(`unknown command "${cmd}"`, 'commands: run, validate, profiles, schema, accuracy, collective, capacity, route');
    }
  } catch (e) {
    return reportFailure(e, io);
  }
}
