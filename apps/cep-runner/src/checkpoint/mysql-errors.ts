/** Server errors that say nothing about the rule's rows: retry the whole checkpoint instead. */
const TRANSIENT_ERRNOS = new Set([
  1040, // too many connections
  1053, // server shutdown in progress
  1152, 1153, 1158, 1159, 1160, 1161, // aborted connection, packet too large, network read/write
  1205, // lock wait timeout
  1213, // deadlock
  1290, 1836, // read-only server
  2006, 2013, // server gone away, lost connection
]);

interface DriverError {
  readonly errno?: number;
  readonly code?: string;
  readonly fatal?: boolean;
}

function driverErrorOf(error: unknown): DriverError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const inner = (error as { driverError?: unknown }).driverError;
  return (inner ?? error) as DriverError;
}

/**
 * True for an error MySQL raised about the statement's data or target (value too long, out of
 * range, table or column missing, duplicate key, access denied): writing the same rows again
 * would fail again, so the rule that produced them is failed instead of retrying forever.
 */
export function isStatementDataError(error: unknown): boolean {
  const e = driverErrorOf(error);
  return typeof e?.errno === 'number' && e.errno < 2000 && !e.fatal && !TRANSIENT_ERRNOS.has(e.errno);
}
