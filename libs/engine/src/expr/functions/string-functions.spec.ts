import { describe, expect, it } from 'vitest';
import { T } from '../../types/sql-type';
import { callFunction, resolveFunction, type TypedValue } from './call-function';
import { FunctionArgumentError, type FunctionContext } from './function-spec';

const flink: FunctionContext = { dialect: 'flink', timeZone: 'UTC', queryStartMs: 0 };
const spark: FunctionContext = { dialect: 'spark', timeZone: 'UTC', queryStartMs: 0 };

const s = (value: string | null): TypedValue => ({ type: T.string(), value });
const i = (value: number | null): TypedValue => ({ type: T.int(), value });
const f = (name: string, ...args: TypedValue[]) => callFunction(name, flink, args);
const sp = (name: string, ...args: TypedValue[]) => callFunction(name, spark, args);

describe('string functions', () => {
  it('concatenates, NULL when any argument is NULL; CONCAT_WS skips NULLs', () => {
    expect(f('CONCAT', s('AA'), s('BB'), s('CC'))).toBe('AABBCC');
    expect(f('CONCAT', s('AA'), s(null))).toBeNull();
    expect(f('CONCAT_WS', s('~'), s('AA'), s(null), s('BB'), s(''), s('CC'))).toBe('AA~BB~~CC');
    expect(sp('CONCAT_WS', s(' '), s('Spark'), s('SQL'))).toBe('Spark SQL');
    expect(sp('CONCAT', s('n'), i(1))).toBe('n1');
  });

  it('takes substrings with 1-based and negative positions per dialect', () => {
    expect(f('SUBSTRING', s('hello'), i(2), i(3))).toBe('ell');
    expect(sp('SUBSTR', s('Spark SQL'), i(5))).toBe('k SQL');
    expect(sp('SUBSTR', s('Spark SQL'), i(-3))).toBe('SQL');
    expect(sp('SUBSTR', s('Spark SQL'), i(5), i(1))).toBe('k');
    expect(sp('SUBSTRING', s('hello'), i(-10), i(7))).toBe('he');
    expect(f('SUBSTRING', s('hello'), i(-10), i(7))).toBe('');
    expect(f('SUBSTRING', s('hello'), i(0), i(2))).toBe('he');
    expect(f('SUBSTRING', s('hello'), i(2), i(-1))).toBeNull();
  });

  it('trims spaces or given characters', () => {
    expect(f('TRIM', s('BOTH'), s(' '), s('  a b  '))).toBe('a b');
    expect(sp('TRIM', s('BOTH'), s('SL'), s('SSparkSQLS'))).toBe('parkSQ');
    expect(sp('TRIM', s('LEADING'), s('SL'), s('SSparkSQLS'))).toBe('parkSQLS');
    expect(f('TRIM', s('TRAILING'), s(' '), s(' x '))).toBe(' x');
    expect(f('LTRIM', s(' This is a test String.'))).toBe('This is a test String.');
    expect(sp('BTRIM', s('SSparkSQLS'), s('SL'))).toBe('parkSQ');
  });

  it('replaces, repeats, reverses and changes case', () => {
    expect(f('REPLACE', s('hello world'), s('world'), s('flink'))).toBe('hello flink');
    expect(f('REPLACE', s('ababab'), s('abab'), s('z'))).toBe('zab');
    expect(f('REPEAT', s('ab'), i(2))).toBe('abab');
    expect(sp('REVERSE', s('Spark SQL'))).toBe('LQS krapS');
    expect(sp('UCASE', s('abc'))).toBe('ABC');
    expect(f('INITCAP', s('hello-wORLD foo'))).toBe('Hello-World Foo');
    expect(sp('INITCAP', s('sPark sql'))).toBe('Spark Sql');
    expect(sp('CHAR_LENGTH', s('Spark SQL '))).toBe(10);
    expect(f('CHAR_LENGTH', s('😀a'))).toBe(2);
  });

  it('pads per dialect', () => {
    expect(f('LPAD', s('hi'), i(4), s('??'))).toBe('??hi');
    expect(f('LPAD', s('hi'), i(1), s('??'))).toBe('h');
    expect(f('RPAD', s('hi'), i(4), s('??'))).toBe('hi??');
    expect(f('LPAD', s('hi'), i(-1), s('??'))).toBeNull();
    expect(sp('LPAD', s('hi'), i(5), s('??'))).toBe('???hi');
    expect(sp('LPAD', s('hi'), i(5))).toBe('   hi');
    expect(sp('RPAD', s('hi'), i(-1), s('?'))).toBe('');
  });

  it('finds positions', () => {
    expect(sp('LOCATE', s('bar'), s('foobarbar'))).toBe(4);
    expect(sp('LOCATE', s('bar'), s('foobarbar'), i(5))).toBe(7);
    expect(f('POSITION', s('bar'), s('foobarbar'))).toBe(4);
    expect(f('POSITION', s('x'), s('foobarbar'))).toBe(0);
    expect(sp('INSTR', s('SparkSQL'), s('SQL'))).toBe(6);
    expect(sp('LEFT', s('Spark SQL'), i(3))).toBe('Spa');
    expect(sp('RIGHT', s('Spark SQL'), i(3))).toBe('SQL');
    expect(f('SPLIT_INDEX', s('a,b,c'), s(','), i(1))).toBe('b');
    expect(f('SPLIT_INDEX', s('a,b,c'), s(','), i(5))).toBeNull();
    expect(sp('SUBSTRING_INDEX', s('www.apache.org'), s('.'), i(2))).toBe('www.apache');
    expect(sp('SUBSTRING_INDEX', s('www.apache.org'), s('.'), i(-2))).toBe('apache.org');
  });

  it('overlays text', () => {
    expect(f('OVERLAY', s('xxxxxtest'), s('xxxx'), i(6))).toBe('xxxxxxxxx');
    expect(f('OVERLAY', s('xxxxxtest'), s('xxxx'), i(6), i(2))).toBe('xxxxxxxxxst');
  });
});

describe('regular expression functions', () => {
  it('extracts groups (Flink default group 0 and NULL on no match, Spark default 1 and empty)', () => {
    expect(f('REGEXP_EXTRACT', s('foothebar'), s('foo(.*?)(bar)'), i(2))).toBe('bar');
    expect(f('REGEXP_EXTRACT', s('foothebar'), s('foo(.*?)(bar)'))).toBe('foothebar');
    expect(f('REGEXP_EXTRACT', s('x'), s('(\\d+)'), i(1))).toBeNull();
    expect(sp('REGEXP_EXTRACT', s('100-200'), s('(\\d+)-(\\d+)'))).toBe('100');
    expect(sp('REGEXP_EXTRACT', s('x'), s('(\\d+)'))).toBe('');
  });

  it('replaces with Java replacement syntax and tests matches', () => {
    expect(f('REGEXP_REPLACE', s('foobar'), s('oo|ar'), s(''))).toBe('fb');
    expect(sp('REGEXP_REPLACE', s('100-200'), s('(\\d+)'), s('num'))).toBe('num-num');
    expect(sp('REGEXP_REPLACE', s('a-b'), s('(\\w)-(\\w)'), s('$2-$1'))).toBe('b-a');
    expect(f('REGEXP', s('abc123'), s('\\d+'))).toBe(true);
    expect(f('REGEXP', s('ABC'), s('(?i)abc'))).toBe(true);
    expect(f('REGEXP', s('abc'), s('\\p{Digit}'))).toBe(false);
  });

  it('splits like Java String.split with limit -1', () => {
    expect(sp('SPLIT', s('oneAtwoBthreeC'), s('[ABC]'))).toEqual(['one', 'two', 'three', '']);
    expect(sp('SPLIT', s('oneAtwoBthreeC'), s('[ABC]'), i(2))).toEqual(['one', 'twoBthreeC']);
    expect(sp('SPLIT', s('a b'), s(' '))).toEqual(['a', 'b']);
  });

  it('rejects an invalid literal pattern at resolve time', () => {
    expect(() => resolveFunction('REGEXP_EXTRACT', flink, [s('x'), s('(')])).toThrow(FunctionArgumentError);
  });
});

describe('codes, hashes and base64', () => {
  it('matches the documented values', () => {
    expect(f('ASCII', s('abc'))).toBe(97);
    expect(f('CHR', i(97))).toBe('a');
    expect(f('CHR', i(353))).toBe('a');
    expect(f('TO_BASE64', s('hello world'))).toBe('aGVsbG8gd29ybGQ=');
    expect(f('FROM_BASE64', s('aGVsbG8gd29ybGQ='))).toBe('hello world');
    expect(sp('MD5', s('Spark'))).toBe('8cde774d6f7333752ed72cacddb05126');
    expect(sp('SHA1', s('Spark'))).toBe('85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c');
    expect(sp('SHA2', s('Spark'), i(256))).toBe('529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b');
    expect(sp('SHA2', s('Spark'), i(7))).toBeNull();
    expect(sp('HEX', s('Spark SQL'))).toBe('537061726B2053514C');
  });

  it('names the function and signature when arguments do not fit', () => {
    expect(() => resolveFunction('SUBSTRING', flink, [s('x')])).toThrow('SUBSTRING expects (STRING, INT[, INT]), got (STRING)');
    expect(() => resolveFunction('UPPER', flink, [{ type: T.array(T.int()), value: [] }])).toThrow(/UPPER expects \(STRING\)/);
  });
});
