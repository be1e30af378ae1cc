import { Controller, Get, Header, Inject } from '@nestjs/common';
import { CepMetrics } from '../metrics/cep-metrics';

/** Prometheus scrape endpoint; unauthenticated like /health, expose it on an internal network only. */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(CepMetrics) private readonly metrics: CepMetrics) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
