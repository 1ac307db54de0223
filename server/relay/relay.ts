// PLACEHOLDER until the relay lands (issue 3): the relay helper replaces this file.
import type http from 'node:http';
import type express from 'express';
import type { Config } from '../config.ts';
import type { DistrictStore } from '../http/district-store.ts';

export interface RelayDeps {
  httpServer: http.Server;
  app: express.Express;
  config: Config;
  district: DistrictStore;
}
export interface Relay {
  close(): Promise<void>;
}
export async function createRelay(_deps: RelayDeps): Promise<Relay> {
  return { async close() {} };
}
