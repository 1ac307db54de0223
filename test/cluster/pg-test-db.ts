// A throwaway PostgreSQL database per test run: created on the machine's server (CI has one on
// 127.0.0.1:5432, trust auth) and dropped afterwards. GRIDWALL_TEST_PG_URL points elsewhere.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_ADMIN_URL = process.env.GRIDWALL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(adminUrl = PG_ADMIN_URL, prefix = 'gridwall_test'): Promise<TestDatabase> {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(`PostgreSQL is not answering at ${adminUrl} (CI starts it in .ci/run): ${(e as Error).message}`, {
      cause: e,
    });
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A fresh, empty schema inside a test database, as a connection URL whose search_path is that
 * schema: a new store in milliseconds, where a new database costs a second or two.
 */
export async function createTestSchema(db: TestDatabase, name: string): Promise<string> {
  const c = new pg.Client({ connectionString: db.url, connectionTimeoutMillis: 5_000 });
  await c.connect();
  await c.query(`CREATE SCHEMA ${name}`);
  await c.end();
  const url = new URL(db.url);
  url.searchParams.set('options', `-c search_path=${name}`);
  return url.toString();
}
