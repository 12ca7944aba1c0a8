/**
 * What owning hardware costs per year: the purchase paid off with interest, and maintenance.
 *
 *   capital recovery factor   CRF(r, n) = r / (1 − (1 + r)^−n),   CRF(0, n) = 1 / n
 *   annual capital charge     A = P · CRF(r, n)
 *       the level yearly payment that repays a purchase P over n years at a cost of capital r (an annuity,
 *       paid at the end of each year); with r = 0 it is straight-line depreciation P / n
 *   split of A                depreciation P / n  +  financing A − P / n (the interest, averaged over the life)
 *   maintenance               m · P per year (support contracts and spares, a share of the purchase)
 *
 * Assumptions: no residual (resale) value at the end of the life; n may be fractional (3.5 years); prices are
 * constant over the life (no inflation). Why an annuity: it is how a purchase financed at rate r (or bought
 * with money that could earn r elsewhere) is compared with a rent paid as it goes, the cloud's per-hour price.
 */

/** CRF(r, n): the share of a purchase paid each year to repay it with interest r over n years. */
export function capitalRecoveryFactor(rate: number, years: number): number {
  if (!(years > 0 && Number.isFinite(years))) throw new Error(`the amortisation period must be a positive number of years, got ${years}`);
  if (!(rate >= 0 && Number.isFinite(rate))) throw new Error(`the cost of capital must be a rate ≥ 0, got ${rate}`);
  if (rate === 0) return 1 / years;
  // 1 − (1 + r)^−n written with expm1/log1p, so a tiny r keeps its digits instead of cancelling.
  return rate / -Math.expm1(-years * Math.log1p(rate));
}

/** Yearly cost of owning a purchase, USD per year, by item. */
export interface AnnualOwning {
  /** P / n */
  depreciation: number;
  /** P · CRF − P / n */
  financing: number;
  /** m · P */
  maintenance: number;
}

export function annualOwning(purchaseUsd: number, years: number, costOfCapital: number, maintenanceFraction: number): AnnualOwning {
  if (!(purchaseUsd >= 0)) throw new Error(`a purchase price must be ≥ 0, got ${purchaseUsd}`);
  if (!(maintenanceFraction >= 0)) throw new Error(`the maintenance share must be ≥ 0, got ${maintenanceFraction}`);
  const depreciation = purchaseUsd / years;
  return {
    depreciation,
    financing: purchaseUsd * capitalRecoveryFactor(costOfCapital, years) - depreciation,
    maintenance: purchaseUsd * maintenanceFraction,
  };
}
