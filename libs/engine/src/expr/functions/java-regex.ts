/**
 * Translation of the common subset of java.util.regex into JavaScript RegExp: leading inline
 * flags ((?i), (?s), (?m)), \Q...\E quoting, \A \Z \z anchors, possessive quantifiers and
 * atomic groups (approximated by their greedy forms), POSIX classes (\p{Alpha}, \p{Digit}, ...)
 * and \h. Replacement strings translate `$1`, `${name}` and `\$`.
 */
const POSIX: Record<string, string> = {
  Lower: 'a-z', Upper: 'A-Z', ASCII: '\\x00-\\x7F', Alpha: 'a-zA-Z', Digit: '0-9', Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~', Graph: '!-~', Print: ' -~', Blank: ' \\t', Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F', Space: ' \\t\\n\\x0B\\f\\r', javaLowerCase: 'a-z', javaUpperCase: 'A-Z',
  javaWhitespace: ' \\t\\n\\x0B\\f\\r',
};

function escapeLiteral(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Returns [source, flags]; throws SyntaxError when JavaScript cannot compile the result. */
export function translateJavaRegex(pattern: string): [string, string] {
  let flags = '';
  let i = 0;
  const inline = /^\(\?([imsux]+)\)/.exec(pattern);
  if (inline) {
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
    i = inline[0].length;
  }
  let out = '';
  let inClass = false;
  let needsUnicode = false;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      const n = pattern[i + 1];
      if (n === 'Q') {
        const end = pattern.indexOf('\\E', i + 2);
        const literal = pattern.slice(i + 2, end < 0 ? pattern.length : end);
        out += escapeLiteral(literal);
        i = end < 0 ? pattern.length : end + 2;
        continue;
      }
      if ((n === 'p' || n === 'P') && pattern[i + 2] === '{') {
        const close = pattern.indexOf('}', i + 3);
        const name = pattern.slice(i + 3, close).replace(/^Is/, '');
        const posix = POSIX[name];
        if (posix) out += inClass ? posix : `[${n === 'P' ? '^' : ''}${posix}]`;
        else {
          out += `\\${n}{${name === 'Alphabetic' ? 'Alphabetic' : name}}`;
          needsUnicode = true;
        }
        i = close + 1;
        continue;
      }
      if (!inClass && (n === 'A' || n === 'Z' || n === 'z')) {
        out += n === 'A' ? '^' : '$';
        i += 2;
        continue;
      }
      if (n === 'h') {
        out += inClass ? ' \\t' : '[ \\t]';
        i += 2;
        continue;
      }
      out += c + (n ?? '');
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      if (c === '[' && pattern[i - 1] !== '\\') out += '\\[';
      else out += c;
      i++;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      if (pattern[i + 1] === '^') out += pattern[++i];
      if (pattern[i + 1] === ']') out += `\\${pattern[++i]}`;
      i++;
      continue;
    }
    if (c === '(' && pattern.startsWith('(?>', i)) {
      out += '(?:';
      i += 3;
      continue;
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && pattern[i + 1] === '+') {
      out += c;
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  if (needsUnicode) flags += 'u';
  return [out, flags];
}

/** Compiles a Java regex, or undefined when it cannot be translated. */
export function compileJavaRegex(pattern: string, extraFlags = ''): RegExp | undefined {
  try {
    const [source, flags] = translateJavaRegex(pattern);
    return new RegExp(source, flags + extraFlags);
  } catch {
    return undefined;
  }
}

const cache = new Map<string, RegExp | null>();

/** Cached compile for patterns that arrive as data; never use a cached 'g' regex concurrently. */
export function cachedJavaRegex(pattern: string, extraFlags = ''): RegExp | undefined {
  const key = `${extraFlags}/${pattern}`;
  let re = cache.get(key);
  if (re === undefined) {
    re = compileJavaRegex(pattern, extraFlags) ?? null;
    if (cache.size > 1000) cache.clear();
    cache.set(key, re);
  }
  return re ?? undefined;
}

/** Java Matcher.replaceAll replacement text -> String.prototype.replace replacement text. */
export function translateJavaReplacement(replacement: string): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\' && i + 1 < replacement.length) {
      const n = replacement[++i];
      out += n === '$' ? '$$' : n;
    } else if (c === '$') {
      const named = /^\$\{([A-Za-z][A-Za-z0-9]*)\}/.exec(replacement.slice(i));
      const group = /^\$(\d+)/.exec(replacement.slice(i));
      if (named) {
        out += `$<${named[1]}>`;
        i += named[0].length - 1;
      } else if (group) {
        out += `$${group[1]}`;
        i += group[0].length - 1;
      } else out += '$$';
    } else out += c;
  }
  return out;
}

/** Java's String.split(regex, limit) as Spark uses it (limit <= 0: keep trailing empty strings). */
export function javaSplit(s: string, regex: RegExp, limit: number): string[] {
  if (s === '') return [''];
  if (regex.source === '(?:)') {
    const chars = Array.from(s);
    return limit > 0 && chars.length > limit ? [...chars.slice(0, limit - 1), chars.slice(limit - 1).join('')] : chars;
  }
  const global = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  const parts: string[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = global.exec(s)) !== null) {
    if (m[0].length === 0) {
      global.lastIndex++;
      if (m.index === 0 || m.index >= s.length) continue;
    }
    if (limit > 0 && parts.length === limit - 1) break;
    parts.push(s.slice(last, m.index));
    last = m.index + m[0].length;
  }
  parts.push(s.slice(last));
  return parts;
}
