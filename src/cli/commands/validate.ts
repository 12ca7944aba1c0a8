/** `clustersim validate FILE...`: phases 1-4 without simulating; every problem in every file is printed. */
import { ConfigError, type InputIssue } from '../../config/errors.ts';
import { loadCatalog } from '../../hardware/catalog.ts';
import { checkScenarioFile } from '../../check.ts';
import { reportFailure } from '../errors-out.ts';
import { EXIT } from '../exit-codes.ts';
import { line, type CliIO } from '../io.ts';

export function validateCommand(args: { files: string[] }, io: CliIO): number {
  let catalog;
  try {
    catalog = loadCatalog();
  } catch (e) {
    return reportFailure(e, io);
  }
  const issues: InputIssue[] = [];
  for (const file of args.files) {
    try {
      checkScenarioFile(file, { catalog });
      line(io.stdout, `ok  ${file}`);
    } catch (e) {
      if (!(e instanceof ConfigError)) return reportFailure(e, io);
      issues.push(...e.issues);
    }
  }
  if (issues.length > 0) return reportFailure(new ConfigError(issues), io);
  return EXIT.ok;
}
