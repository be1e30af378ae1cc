import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI at /docs (Swagger UI) and /docs-json, built from the controllers' decorators. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Sluice gateway')
    .setDescription(
      'REST ingestion into Kafka and the admin API for rules and batch jobs. Errors are RFC 9457 ' +
        'application/problem+json documents; 429 and 503 carry Retry-After. Authenticate with ' +
        '`Authorization: Bearer <api key>` (`sluice keys create --scope ...`).',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'sluice_<id>_<secret>' })
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
