/**
 * First-order optima of the checkpoint interval for fail-stop failures with mean time between failures M
 * and a checkpoint that stops the work for C seconds (tau: work between checkpoints):
 *
 *   Young (1974), "A first order approximation to the optimum checkpoint interval", CACM 17(9):
 *       tau = sqrt(2 C M)
 *   Daly (2006), "A higher order estimate of the optimum checkpoint interval for restart dumps",
 *   Future Generation Computer Systems 22(3):
 *       tau = sqrt(2 C M) · [1 + (1/3) sqrt(C / 2M) + (1/9) (C / 2M)] − C     for C < 2M
 *       tau = M                                                                otherwise
 *
 * Both assume exponential failures and a synchronous checkpoint; the restart time does not change the
 * optimum to first order.
 */

export function youngInterval(checkpointSeconds: number, mtbfSeconds: number): number {
  return Math.sqrt(2 * checkpointSeconds * mtbfSeconds);
}

export function dalyInterval(checkpointSeconds: number, mtbfSeconds: number): number {
  const c = checkpointSeconds;
  const m = mtbfSeconds;
  if (!(c < 2 * m)) return m;
  const r = c / (2 * m);
  return Math.sqrt(2 * c * m) * (1 + Math.sqrt(r) / 3 + r / 9) - c;
}
