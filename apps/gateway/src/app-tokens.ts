/** Injection tokens for values that are not classes (STYLE.md 2.5: config arrives as APP_CONFIG). */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const STREAM_CATALOG = Symbol('STREAM_CATALOG');
export const DATA_SOURCE = Symbol('DATA_SOURCE');
