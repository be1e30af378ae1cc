import { SetMetadata } from '@nestjs/common';
import type { ScopeRequirement } from './principal';

export const SCOPE_REQUIREMENT = 'sluice:scope-requirement';

/**
 * Declares what a handler or controller needs. Routes without it require `admin`: a route that
 * someone forgets to annotate fails closed.
 */
export const RequireScope = (kind: ScopeRequirement['kind']): MethodDecorator & ClassDecorator =>
  SetMetadata(SCOPE_REQUIREMENT, { kind } satisfies ScopeRequirement);
