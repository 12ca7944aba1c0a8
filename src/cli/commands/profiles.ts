/** `clustersim profiles [list|show ID]`: the hardware catalog. */
import { loadCatalog } from '../../hardware/catalog.ts';
import { formatProfile, formatProfileList } from '../../hardware/profiles-text.ts';
import type { ProfileKind } from '../../hardware/profile-types.ts';
import { reportFailure, UsageError } from '../errors-out.ts';
import { EXIT } from '../exit-codes.ts';
import { line, type CliIO } from '../io.ts';

export function profilesCommand(args: { action: 'list' | 'show'; id?: string; kind?: ProfileKind }, io: CliIO): number {
  try {
    const catalog = loadCatalog();
    if (args.action === 'list') {
      line(io.stdout, formatProfileList(catalog, args.kind));
      return EXIT.ok;
    }
    if (!args.id) throw new UsageError('profiles show needs a profile id', 'e.g. clustersim profiles show h100-sxm; list them with clustersim profiles list');
    const shown = formatProfile(catalog, args.id);
    if (!shown.ok) throw new UsageError(shown.message, shown.hint);
    line(io.stdout, shown.text);
    return EXIT.ok;
  } catch (e) {
    return reportFailure(e, io);
  }
}
