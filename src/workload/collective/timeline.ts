/**
 * One collective call alone on a fresh simulation with the flow backend recording per-tier load over
 * time (fabric/backend/recorder.ts): the same run as fabric/collectives/run.ts measureCollective (same
 * backend set-up, same algorithm choice, so the same time), plus the series. Used for the largest size of
 * a collective job at flow fidelity; the other sizes and analytical runs go through measureCollective and
 * pay nothing for recording.
 */
import { FlowBackend } from '../../fabric/backend/flow.ts';
import { tierEfficiency } from '../../fabric/backend/registry.ts';
import { checkCall } from '../../fabric/collectives/launch.ts';
import { collectiveContext, resolveAlgorithm, runCollective, type CollectiveMeasurement, type CollectiveSetup } from '../../fabric/collectives/run.ts';
import { busFactor, type CollectiveCall } from '../../fabric/collectives/types.ts';
import type { TierUtilisationOverTime } from '../../metrics/result-types.ts';
import { Simulation } from '../../sim/index.ts';

export function measureRecorded(call: CollectiveCall, setup: CollectiveSetup): CollectiveMeasurement & { overTime: TierUtilisationOverTime[] } {
  const sim = new Simulation();
  const efficiency = tierEfficiency(setup.scaleUp, setup.scaleOut);
  const backend = new FlowBackend({ sim, topology: setup.topology, efficiency, route: setup.route, tierLoad: {} });
  const ctx = collectiveContext(sim, backend, setup);
  checkCall(call);
  const algorithm = resolveAlgorithm(ctx, call, setup.choose);
  const seconds = sim.run(sim.process(runCollective(ctx, { ...call, algorithm }, setup.choose)));
  const algBytesPerSecond = seconds > 0 ? call.bytes / seconds : Infinity;
  return {
    algorithm, seconds, algBytesPerSecond,
    busBytesPerSecond: algBytesPerSecond * busFactor(call.op, call.ranks.length),
    usage: backend.usage(),
    overTime: backend.tierLoad(sim.now)!,
  };
}
