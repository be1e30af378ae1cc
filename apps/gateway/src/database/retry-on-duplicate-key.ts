/**
 * Runs `work` again once if it failed on a duplicate key: two concurrent creates of the same id
 * both see no row, one insert wins, and the retry of the other then finds the row and updates it.
 */
export async function retryOnDuplicateKey<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (
      (error as { code?: string; driverError?: { code?: string } }).driverError?.code !== 'ER_DUP_ENTRY' &&
      (error as { code?: string }).code !== 'ER_DUP_ENTRY'
    )
      throw error;
    return work();
  }
}
