export * from './stream-definition';
export * from './stream-definitions-file';
export * from './duration';
