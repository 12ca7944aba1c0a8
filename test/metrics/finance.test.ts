// Capital recovery factor and the yearly cost of owning (src/metrics/finance.ts), checked against annuity tables.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { annualOwning, capitalRecoveryFactor } from '../../src/metrics/finance.ts';

const close = (a: number, b: number, tol: number, what: string) => assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} != ${b}`);

test('CRF against hand-worked annuities', () => {
  // 8% over 3 years: 1.08^3 = 1.259712, 1 − 1/1.259712 = 0.206167759, 0.08 / 0.206167759 = 0.388033514
  close(capitalRecoveryFactor(0.08, 3), 0.388033514, 1e-9, 'CRF(8%, 3)');
  // 10% over 5 years: 0.1 / (1 − 1.1^−5) = 0.1 / 0.379078677 = 0.263797481 (the textbook value)
  close(capitalRecoveryFactor(0.1, 5), 0.263797481, 1e-9, 'CRF(10%, 5)');
  // No cost of capital is straight-line: 1 / n
  assert.equal(capitalRecoveryFactor(0, 4), 0.25);
  // A tiny rate tends to 1/n (no cancellation): CRF ≈ 1/n + r(n+1)/(2n)
  close(capitalRecoveryFactor(1e-12, 4), 0.25 + 1e-12 * 5 / 8, 1e-15, 'CRF(1e-12, 4)');
});

test('owning a 1,000,000 USD purchase for 3 years at 8% with 5% maintenance, by item', () => {
  const o = annualOwning(1_000_000, 3, 0.08, 0.05);
  close(o.depreciation, 333_333.3333, 1e-3, 'depreciation');
  close(o.financing, 388_033.514 - 333_333.333, 1e-2, 'financing'); // 54,700.18 a year
  assert.equal(o.maintenance, 50_000);
});

test('bad inputs are refused', () => {
  assert.throws(() => capitalRecoveryFactor(0.08, 0), /positive number of years/);
  assert.throws(() => capitalRecoveryFactor(-0.01, 3), /rate ≥ 0/);
  assert.throws(() => annualOwning(-1, 3, 0, 0), /purchase price/);
});
