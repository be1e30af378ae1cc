import type { PatternNode } from '../../exec/streaming/match-recognize/match-spec';
import type { MatchRecognizeNode } from './match-recognize-node';

/** One EXPLAIN line for MATCH_RECOGNIZE, Flink style: Match(partitionBy=[...], ..., pattern=[...]). */
export function explainMatchRecognize(node: MatchRecognizeNode, explainExpr: (e: MatchRecognizeNode['spec']['partitionKeys'][number], names: readonly string[]) => string): string {
  const s = node.spec;
  const names = node.input.schema.map((f) => f.name);
  const parts = [
    `partitionBy=[${s.partitionKeys.map((k) => explainExpr(k, names)).join(', ')}]`,
    `orderBy=[${s.orderKeys.map((k) => `${explainExpr(k.expr, names)} ${k.descending ? 'DESC' : 'ASC'}`).join(', ')}]`,
    `measures=[${node.schema.slice(node.schema.length - s.measures.length).map((f) => f.name).join(', ')}]`,
    `rowsPerMatch=[${s.rowsPerMatch === 'one' ? 'ONE ROW PER MATCH' : `ALL ROWS PER MATCH${s.rowsPerMatch === 'allOmitEmpty' ? ' OMIT EMPTY MATCHES' : s.rowsPerMatch === 'allWithUnmatched' ? ' WITH UNMATCHED ROWS' : ''}`}]`,
    `after=[${skipText(s.afterMatchSkip)}]`,
    `pattern=[${patternText(s.pattern, s.variables)}]`,
  ];
  if (s.withinMs !== undefined) parts.push(`within=[${s.withinMs}ms]`);
  parts.push(`define=[${s.variables.filter((_, v) => s.defines[v]).join(', ')}]`);
  return `Match(${parts.join(', ')})`;
}

function skipText(skip: MatchRecognizeNode['spec']['afterMatchSkip']): string {
  switch (skip.kind) {
    case 'pastLastRow':
      return 'SKIP PAST LAST ROW';
    case 'toNextRow':
      return 'SKIP TO NEXT ROW';
    default:
      return `SKIP TO ${skip.kind === 'toFirst' ? 'FIRST' : 'LAST'} ${skip.name}`;
  }
}

export function patternText(p: PatternNode, names: readonly string[]): string {
  switch (p.kind) {
    case 'var':
      return names[p.v];
    case 'seq':
      return p.items.map((i) => (i.kind === 'alt' ? `(${patternText(i, names)})` : patternText(i, names))).join(' ');
    case 'alt':
      return p.options.map((o) => patternText(o, names)).join(' | ');
    case 'exclude':
      return `{- ${patternText(p.body, names)} -}`;
    case 'anchor':
      return p.which === 'start' ? '^' : '$';
    case 'empty':
      return '()';
    case 'quant': {
      const body = p.body.kind === 'var' ? patternText(p.body, names) : `(${patternText(p.body, names)})`;
      const q = p.min === 0 && p.max === Infinity ? '*' : p.min === 1 && p.max === Infinity ? '+' : p.min === 0 && p.max === 1 ? '?' : p.min === p.max ? `{${p.min}}` : `{${p.min},${p.max === Infinity ? '' : p.max}}`;
      return `${body}${q}${p.reluctant ? '?' : ''}`;
    }
  }
}
