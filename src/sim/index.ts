/** Public surface of the simulation kernel: re-exports only. */
export { Simulation } from './simulation.ts';
export type { SimulationOptions } from './simulation.ts';
export { Event, Interrupt, URGENT, NORMAL } from './event.ts';
export type { AnyEvent, Callback } from './event.ts';
export { Process } from './process.ts';
export type { ProcessGenerator } from './process.ts';
export type { AllOfValue, AnyOfValue, ValueOf } from './condition.ts';
export { RandomStream } from './random.ts';
export { BaseResource } from './resources/base.ts';
export type { Pending } from './resources/base.ts';
export { Resource } from './resources/resource.ts';
export type { RequestOptions } from './resources/resource.ts';
export { Container } from './resources/container.ts';
export type { ContainerOptions } from './resources/container.ts';
export { Store } from './resources/store.ts';
