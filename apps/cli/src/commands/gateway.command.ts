import type { Command } from 'commander';
import { runAppProcess } from './app-process';

/** `sluice gateway`, `sluice cep`, `sluice batch ...`: the three apps, configured by the environment. */
export function registerGatewayCommand(program: Command): void {
  program
    .command('gateway')
    .description('start the REST ingestion gateway (configuration from the environment; see apps/gateway/README.md)')
    .action(() => runAppProcess('gateway'));
  program
    .command('cep')
    .description('start the CEP runner: rules from MySQL over Kafka streams, exactly once into MySQL')
    .action(() => runAppProcess('cep-runner'));
  program
    .command('batch')
    .description('the batch runner: serve (default) | deploy <id> --sql-file F | trigger <id> | runs <id> (see apps/batch-runner/README.md)')
    .allowUnknownOption()
    .helpOption(false)
    .argument('[args...]')
    .action((args: string[]) => runAppProcess('batch-runner', args));
}
