/** A system package the local services need is not installed; the message says how to get it. */
export class MissingDependencyError extends Error {
  constructor(
    readonly what: string,
    readonly debianPackages: readonly string[],
  ) {
    super(
      `${what} is not installed. On Debian/Ubuntu run "sudo bash scripts/setup.sh" ` +
        `(apt-get install ${debianPackages.join(' ')}); elsewhere install the equivalent packages, ` +
        'start a Docker engine (Testcontainers is used then), or set MYSQL_URL, REDIS_URL and KAFKA_BROKERS.',
    );
    this.name = 'MissingDependencyError';
  }
}
