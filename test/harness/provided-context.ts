import type { ServiceEndpoints } from './service-types';

/** Key under which global-setup.ts provides the services to test workers. */
export const SERVICES_CONTEXT_KEY = 'sluiceServices';

declare module 'vitest' {
  // Declaration merging with vitest's own (empty) interface types provide()/inject().
  export interface ProvidedContext {
    sluiceServices: ServiceEndpoints;
  }
}
