// Sources and sinks behind the engine's interfaces (filled in by the engine and runner issues).
export {};
