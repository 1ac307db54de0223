export type { MessageKey } from './messages.ts';
