// Public API of the Sluice SQL engine (filled in by the engine issues).
export {};
