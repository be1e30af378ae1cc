export * from './expression';
export * from './query';
export * from './statement';
export * from './match-recognize';
