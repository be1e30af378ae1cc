import { buildRunner } from './test/integration/cep-runner/runner-build';
void buildRunner().then((m) => console.log(m));
