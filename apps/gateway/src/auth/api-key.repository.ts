import { Inject, Injectable } from '@nestjs/common';
import { ApiKey } from '@sluice/contracts/db';
import type { DataSource } from 'typeorm';
import { DATA_SOURCE } from '../app-tokens';

/** MySQL access for API keys (STYLE.md: all I/O behind repositories). */
@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  findById(id: string): Promise<ApiKey | null> {
    return this.dataSource.getRepository(ApiKey).findOneBy({ id });
  }
}
