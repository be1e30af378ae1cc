import { Module } from '@nestjs/common';
import type { StreamCatalog } from '@sluice/contracts';
import { STREAM_CATALOG } from '../app-tokens';
import { IngestService } from './ingest.service';
import { StreamRegistry } from './stream-registry';
import { StreamsController } from './streams.controller';

@Module({
  providers: [
    {
      provide: StreamRegistry,
      inject: [STREAM_CATALOG],
      useFactory: (catalog: StreamCatalog) => new StreamRegistry(catalog),
    },
    IngestService,
  ],
  controllers: [StreamsController],
})
export class StreamsModule {}
