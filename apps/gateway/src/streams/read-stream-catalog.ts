import { ConfigError, parseStreamDefinitions, SluiceError, type StreamCatalog } from '@sluice/contracts';
import { readFile } from 'node:fs/promises';

/** Reads and checks the stream definitions file; errors name SLUICE_STREAMS and the file. */
export async function readStreamCatalog(path: string): Promise<StreamCatalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError(`SLUICE_STREAMS: cannot read ${path} (${reason})`, { cause: error });
  }
  try {
    return parseStreamDefinitions(text, path);
  } catch (error) {
    if (error instanceof SluiceError)
      throw new ConfigError(`SLUICE_STREAMS: ${error.message}`, { cause: error, details: error.details });
    throw error;
  }
}
