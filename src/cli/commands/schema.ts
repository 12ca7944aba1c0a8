/** `clustersim schema`: the JSON Schema of scenario files, for editors (yaml-language-server, VS Code). */
import { scenarioJsonSchema } from '../../config/json-schema.ts';
import { EXIT } from '../exit-codes.ts';
import { line, type CliIO } from '../io.ts';

export function schemaCommand(io: CliIO): number {
  line(io.stdout, JSON.stringify(scenarioJsonSchema(), null, 2));
  return EXIT.ok;
}
