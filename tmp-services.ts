import { servicesUp, servicesEnv, servicesDown } from './apps/cli/src/commands/services.command';
void (async () => {
  if (process.argv[2] === 'down') { await servicesDown({ stateDir: '/tmp/cep-dev-services' }); process.exit(0); }
  await servicesUp({ stateDir: '/tmp/cep-dev-services', topics: 'sluice.orders:4,sluice.payments:2' });
  process.stdout.write(await servicesEnv({ stateDir: '/tmp/cep-dev-services' }));
  process.exit(0);
})();
