// Barrel for the wire protocol (browser-safe: zod only).
export * from './ack.ts';
export * from './camera.schema.ts';
export * from './categories.ts';
export * from './common.schema.ts';
export * from './events.ts';
export * from './incident.schema.ts';
export * from './kpi.schema.ts';
export * from './live.schema.ts';
export * from './positions.schema.ts';
export * from './scene.schema.ts';
export * from './stream-tracker.ts';
export * from './tour.schema.ts';
export * from './video.schema.ts';
export * from './wall.schema.ts';
