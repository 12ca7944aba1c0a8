// Shared H100 / DGX H100 fixtures for the power, energy and cost worked examples; figures from hardware.md.
import type { AcceleratorProfile, NodeProfile } from '../../src/hardware/profile-types.ts';

export const h100: AcceleratorProfile = {
  kind: 'accelerator', id: 'h100-sxm', name: 'H100 SXM', vendor: 'NVIDIA', family: 'gpu', year: 2022,
  compute: { bf16: 989.4e12, source: 'hardware.md A1' },
  memory: { capacityBytes: 80e9, bandwidthBytesPerSecond: 3.35e12, source: 'hardware.md A2' },
  // TDP 700 W (hardware.md A2, NV-H100); idle 70 W = 10% of TDP, the hardware.md D2 modelling default
  power: { tdpWatts: 700, idleWatts: 70, source: 'hardware.md A2 / D2' },
  scaleUp: { tech: 'NVLink 4', bandwidthBytesPerSecond: 450e9, source: 'hardware.md A2' },
  efficiency: { matmul: 0.7, memory: 0.8, source: 'test fixture' },
  price: null,
};

export const dgxH100: NodeProfile = {
  kind: 'node', id: 'dgx-h100', name: 'DGX H100', accelerator: 'h100-sxm', devicesPerNode: 8,
  scaleUpFabric: 'nvlink4-nvswitch', scaleUpDomainSize: 8,
  nics: { count: 8, bandwidthBytesPerSecond: 50e9, source: 'hardware.md A2' },
  // max 10.2 kW (hardware.md D1, FG); idle 2,560 W is a test-fixture figure (8 × 70 W + 2,000 W overhead)
  power: { maxWatts: 10_200, idleWatts: 2_560, source: 'hardware.md D1 / test fixture' },
  price: null,
};
