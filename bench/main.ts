/**
 * Benchmark harness: `npm run bench [-- --filter NAME]` runs every bench whose name contains NAME and
 * prints exactly one line per bench, `BENCH <name> <value> <unit>`, for scripts and CI to parse.
 * To add benches, export an array of `Bench` from a `*.bench.ts` file and spread it into `benches`.
 */
import { pathToFileURL } from 'node:url';
import { collectiveBenches } from './collective.bench.ts';
import { goodputBenches } from './goodput.bench.ts';
import { inferenceBenches } from './inference.bench.ts';
import { kernelBenches } from './kernel.bench.ts';
import { lmmBenches } from './lmm.bench.ts';
import { runBenches } from './run.bench.ts';
import { trainingBenches } from './training.bench.ts';

export type Bench = {
  /** Dotted name, e.g. `kernel.events_per_second`. */
  name: string;
  unit: string;
  /** Does its own warm-up and repetitions; returns the figure to report. */
  run(): number | Promise<number>;
};

const benches: Bench[] = [...kernelBenches, ...runBenches, ...lmmBenches, ...collectiveBenches, ...inferenceBenches, ...trainingBenches, ...goodputBenches];

/** The --filter value (`--filter NAME` or `--filter=NAME`); '' matches everything. */
export function parseFilter(argv: readonly string[]): string {
  let filter = '';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--filter=')) filter = arg.slice('--filter='.length);
    else if (arg === '--filter' && i + 1 < argv.length) filter = argv[++i]!;
    else throw new Error(`unknown argument ${arg}; usage: bench [--filter NAME]`);
  }
  return filter;
}

function format(value: number): string {
  return Math.abs(value) >= 1000 ? String(Math.round(value)) : String(Number(value.toPrecision(4)));
}

async function main(argv: readonly string[]): Promise<number> {
  const filter = parseFilter(argv);
  const chosen = benches.filter((b) => b.name.includes(filter));
  if (chosen.length === 0) {
    process.stderr.write(`no bench matches --filter ${filter}; known: ${benches.map((b) => b.name).join(', ')}\n`);
    return 1;
  }
  for (const b of chosen) {
    const value = await b.run();
    process.stdout.write(`BENCH ${b.name} ${format(value)} ${b.unit}\n`);
  }
  return 0;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
