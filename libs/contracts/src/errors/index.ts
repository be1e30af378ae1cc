export * from './codes';
export * from './sluice-error';
export * from './kinds';
