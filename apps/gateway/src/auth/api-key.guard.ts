import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { SluiceError } from '@sluice/contracts';
import type { FastifyRequest } from 'fastify';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { canIngest, isAdmin, type Principal, type ScopeRequirement } from './principal';
import { SCOPE_REQUIREMENT } from './require-scope.decorator';

export type AuthenticatedRequest = FastifyRequest & { principal?: Principal };

/**
 * The global guard: authenticates the bearer key (401) and checks the route's scope (403).
 * Runs before the body is looked at, so unauthenticated clients cannot make us validate or
 * produce anything.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const requirement = this.reflector.getAllAndOverride<ScopeRequirement | undefined>(SCOPE_REQUIREMENT, [
      context.getHandler(),
      context.getClass(),
    ]) ?? { kind: 'admin' };
    if (requirement.kind === 'public') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await this.authenticator.authenticate(request.headers.authorization);
    request.principal = principal;
    if (requirement.kind === 'admin' && !isAdmin(principal)) throw forbidden('admin');
    if (requirement.kind === 'ingest') {
      const stream = (request.params as Record<string, string>).stream ?? '';
      if (!canIngest(principal, stream)) throw forbidden(`ingest:${stream}`);
    }
    return true;
  }
}

function forbidden(scope: string): SluiceError {
  return new SluiceError('FORBIDDEN', `this API key lacks the '${scope}' scope`);
}
