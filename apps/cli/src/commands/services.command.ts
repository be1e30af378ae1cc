import type { Command } from 'commander';

export function registerServicesCommand(program: Command): void {
  program.command('services').description('start, stop or show the local MySQL, Redis and Kafka services');
}
