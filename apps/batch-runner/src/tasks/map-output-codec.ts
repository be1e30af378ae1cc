import type { MapOutput } from '@sluice/engine';
import { gunzipSync, gzipSync } from 'node:zlib';

/** Outputs above this are gzipped before they go to Redis as the task's return value. */
const COMPRESS_ABOVE_BYTES = 64 * 1024;

export type EncodedMapOutput = { readonly json: string } | { readonly gzip: string };

export function encodeMapOutput(output: MapOutput): EncodedMapOutput {
  const json = JSON.stringify(output);
  return json.length <= COMPRESS_ABOVE_BYTES ? { json } : { gzip: gzipSync(json).toString('base64') };
}

export function decodeMapOutput(encoded: EncodedMapOutput): MapOutput {
  const json =
    'json' in encoded ? encoded.json : gunzipSync(Buffer.from(encoded.gzip, 'base64')).toString('utf8');
  return JSON.parse(json) as MapOutput;
}
