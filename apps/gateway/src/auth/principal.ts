/** The authenticated caller of a request: an API key id and what it may do. */
export interface Principal {
  readonly keyId: string;
  readonly scopes: readonly string[];
}

/** What a route requires (see the RequireScope decorator). */
export type ScopeRequirement =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'admin' }
  /** `ingest:<stream>` or `ingest:*`, the stream taken from the route's `:stream` parameter. */
  | { readonly kind: 'ingest' };

export function isAdmin(principal: Principal): boolean {
  return principal.scopes.includes('admin');
}

export function canIngest(principal: Principal, stream: string): boolean {
  return principal.scopes.includes('ingest:*') || principal.scopes.includes(`ingest:${stream}`);
}

/** Admin keys and ingest:* keys see every stream; others only the streams they may write. */
export function canSeeStream(principal: Principal, stream: string): boolean {
  return isAdmin(principal) || canIngest(principal, stream);
}
