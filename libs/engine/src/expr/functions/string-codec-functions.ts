import { createHash, randomUUID } from 'node:crypto';
import { T, type SqlType } from '../../types/sql-type';
import type { ScalarFunctionSpec } from './function-spec';
import { aliases, checkArity, coerceArgs, defineFunction, intArg, nullableLike, stringArg } from './function-helpers';

/**
 * Character codes, hashes and base64. Hash inputs are the UTF-8 bytes of a string (or raw
 * BYTES); results are lower-case hex strings, as in both engines.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

function bytesArg(t: SqlType): SqlType | undefined {
  return t.kind === 'BYTES' ? t : stringArg(t);
}

const toBytes = (v: unknown): Uint8Array => (typeof v === 'string' ? encoder.encode(v) : (v as Uint8Array));

function hashFunction(name: string, algorithm: string, dialects?: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args) => {
      checkArity(name, '(STRING)', args, 1);
      const argTypes = coerceArgs(name, '(STRING)', args, [bytesArg]);
      return { returnType: nullableLike(T.string(), args), argTypes, impl: (v) => createHash(algorithm).update(toBytes(v)).digest('hex') };
    },
    dialects,
  );
}

const SHA2_BITS: Record<number, string> = { 0: 'sha256', 224: 'sha224', 256: 'sha256', 384: 'sha384', 512: 'sha512' };

/** SHA2(s, bits): bits in 0 (= 256), 224, 256, 384, 512; anything else is NULL. */
const sha2 = defineFunction('SHA2', (args) => {
  const sig = '(STRING, INT)';
  checkArity('SHA2', sig, args, 2);
  const argTypes = coerceArgs('SHA2', sig, args, [bytesArg, intArg]);
  return {
    returnType: T.string(true),
    argTypes,
    impl: (v, bits) => {
      const algorithm = SHA2_BITS[bits as number];
      return algorithm ? createHash(algorithm).update(toBytes(v)).digest('hex') : null;
    },
  };
});

const ascii = defineFunction('ASCII', (args) => {
  checkArity('ASCII', '(STRING)', args, 1);
  const argTypes = coerceArgs('ASCII', '(STRING)', args, [stringArg]);
  return { returnType: nullableLike(T.int(), args), argTypes, impl: (s) => ((s as string).length === 0 ? 0 : (s as string).codePointAt(0)!) };
});

/** CHR(n): the character n mod 256 ('' for negative n), as both engines define it. */
const chr = defineFunction('CHR', (args) => {
  checkArity('CHR', '(BIGINT)', args, 1);
  const argTypes = coerceArgs('CHR', '(BIGINT)', args, [intArg]);
  return { returnType: nullableLike(T.string(), args), argTypes, impl: (n) => ((n as number) < 0 ? '' : String.fromCharCode((n as number) % 256)) };
});

const toBase64 = defineFunction('TO_BASE64', (args) => {
  checkArity('TO_BASE64', '(STRING)', args, 1);
  const argTypes = coerceArgs('TO_BASE64', '(STRING)', args, [bytesArg]);
  return { returnType: nullableLike(T.string(), args), argTypes, impl: (v) => Buffer.from(toBytes(v)).toString('base64') };
});

const BASE64_TEXT = /^[A-Za-z0-9+/\s]*={0,2}\s*$/;

/** Flink FROM_BASE64 returns STRING; Spark UNBASE64 returns BINARY. Invalid input is NULL. */
function fromBase64(name: string, returnsBytes: boolean, dialects: readonly ('flink' | 'spark')[]): ScalarFunctionSpec {
  return defineFunction(
    name,
    (args) => {
      checkArity(name, '(STRING)', args, 1);
      const argTypes = coerceArgs(name, '(STRING)', args, [stringArg]);
      return {
        returnType: returnsBytes ? T.bytes(true) : T.string(true),
        argTypes,
        impl: (s) => {
          if (!BASE64_TEXT.test(s as string)) return null;
          const bytes = Buffer.from(s as string, 'base64');
          return returnsBytes ? new Uint8Array(bytes) : decoder.decode(bytes);
        },
      };
    },
    dialects,
  );
}

const uuid = defineFunction('UUID', (args) => {
  checkArity('UUID', '()', args, 0);
  return { returnType: T.string(false), deterministic: false, impl: () => randomUUID() };
});

const md5 = hashFunction('MD5', 'md5');
const sha1 = hashFunction('SHA1', 'sha1');

export const codecFunctions: readonly ScalarFunctionSpec[] = [
  ascii,
  chr,
  ...aliases(chr, ['CHAR'], ['spark']),
  md5,
  sha1,
  ...aliases(sha1, ['SHA'], ['spark']),
  sha2,
  hashFunction('SHA224', 'sha224', ['flink']),
  hashFunction('SHA256', 'sha256', ['flink']),
  hashFunction('SHA384', 'sha384', ['flink']),
  hashFunction('SHA512', 'sha512', ['flink']),
  toBase64,
  ...aliases(toBase64, ['BASE64'], ['spark']),
  fromBase64('FROM_BASE64', false, ['flink']),
  fromBase64('UNBASE64', true, ['spark']),
  uuid,
];
