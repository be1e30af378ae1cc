import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { InternalError } from '@sluice/contracts';
import type { AuthenticatedRequest } from './api-key.guard';
import type { Principal } from './principal';

/** The caller the ApiKeyGuard authenticated; only on routes that are not public. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal)
    throw new InternalError('CurrentPrincipal used on a route the ApiKeyGuard did not authenticate');
  return principal;
});
